import { useEditor, type Editor, type TLShapeId } from 'tldraw';
import { boardToken } from '../share/boardTokens.ts';
import { CHANNEL_LABELS, type JourneyData, type JourneyMap } from '../../../shared/src/index.ts';
import { format, useJourneyMessages, useUiLocale } from './journeyMessages.ts';
import { useLiveJourney } from './useLiveJourney.ts';
import { CanvasData } from '../templates/CanvasData.tsx';

function EmotionSparkline({ map }: { map: JourneyMap }) {
  const points = map.emotionCurve;
  if (points.length === 0) return null;
  const width = 260;
  const height = 60;
  const stageIndex = new Map(map.stages.map((s) => [s.id, s.index]));
  const xs = points.map((p) => p.x);
  const minX = Math.min(...xs);
  const spanX = Math.max(1, Math.max(...xs) - minX);
  const toX = (x: number) => 8 + ((x - minX) / spanX) * (width - 16);
  const toY = (score: number) => height / 2 - (score / 2) * (height / 2 - 6);
  return (
    <svg className="jb-sparkline" width={width} height={height} data-testid="data-emotion-curve" data-scores={points.map((p) => p.score).join(',')}>
      <line x1={0} x2={width} y1={height / 2} y2={height / 2} className="jb-sparkline-zero" />
      <polyline points={points.map((p) => `${toX(p.x)},${toY(p.score)}`).join(' ')} />
      {points.map((p) => (
        <circle key={p.id} cx={toX(p.x)} cy={toY(p.score)} r={3}>
          <title>{`${stageIndex.get(p.stageId) ?? ''} ${p.score} ${p.label}`}</title>
        </circle>
      ))}
    </svg>
  );
}

/** Selects a shape and brings it into view, on its own page: the panel's way back to the canvas. */
function showOnCanvas(editor: Editor, id: string) {
  const shapeId = id as TLShapeId;
  if (!editor.getShape(shapeId)) return;
  const pageId = editor.getAncestorPageId(shapeId);
  if (pageId && pageId !== editor.getCurrentPageId()) editor.setCurrentPage(pageId);
  editor.select(shapeId);
  editor.zoomToSelectionIfOffscreen(64, { animation: { duration: 200 } });
}

function MapTable({ map, data }: { map: JourneyMap; data: JourneyData }) {
  const editor = useEditor();
  const t = useJourneyMessages();
  const locale = useUiLocale();
  const cardCount = map.cells.reduce((sum, cell) => sum + cell.cards.length, 0);
  const flows = data.flows.filter((f) => f.mapId === map.id).length;
  return (
    <section className="jb-data-map" data-testid="data-map">
      <h3>
        {map.title} <small>{cardCount === 1 ? t.oneCard : format(t.cards, { count: cardCount })}</small>
      </h3>
      {/* Scrolls sideways on wide maps: focusable so keyboard users can scroll it too. */}
      <div className="jb-data-table-wrap" role="region" aria-label={map.title} tabIndex={0}>
        <table className="jb-data-table">
          <thead>
            <tr>
              <th>
                <span className="jb-visually-hidden">{t.laneSet}</span>
              </th>
              {map.stages.map((stage) => (
                <th key={stage.id} data-testid="data-stage">{stage.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {map.lanes.map((lane) => (
              <tr key={lane.id}>
                <th scope="row">{lane.label}</th>
                {map.stages.map((stage) => {
                  const cards = map.cells.find((c) => c.stageId === stage.id && c.laneId === lane.id)?.cards ?? [];
                  return (
                    <td key={stage.id} data-testid={`data-cell-${stage.index}-${lane.index}`}>
                      {cards.map((card) => (
                        <button key={card.id} type="button" className="jb-data-card" data-testid="data-card" data-card-id={card.id} onClick={() => showOnCanvas(editor, card.id)}>
                          <span className="jb-data-card-text">{card.text || '…'}</span>
                          {card.touchpoint?.channel ? (
                            <span className="jb-data-tag" data-testid="data-channel" data-channel={card.touchpoint.channel}>
                              {CHANNEL_LABELS[card.touchpoint.channel][locale]}
                            </span>
                          ) : null}
                          {card.touchpoint?.owner ? <span className="jb-data-tag">{card.touchpoint.owner}</span> : null}
                        </button>
                      ))}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>{t.emotionCurve}</h4>
      <EmotionSparkline map={map} />
      {flows > 0 ? (
        <p data-testid="data-flows">
          {t.flows}: {flows}
        </p>
      ) : null}
    </section>
  );
}

/** The journey data of the board, live: what the map means while the room works on it (a tab of the side panel). */
export function DataPanel({ boardId }: { boardId: string }) {
  const editor = useEditor();
  const t = useJourneyMessages();
  const data = useLiveJourney(editor, true);
  const token = boardToken(boardId);
  const withToken = (query: string) => (token ? `${query}${query ? '&' : '?'}token=${encodeURIComponent(token)}` : query);
  const api = `/api/boards/${encodeURIComponent(boardId)}/journey`;
  return (
    <div className="jb-data-panel" data-testid="data-panel" aria-label={t.dataTitle}>
      <nav className="jb-data-links" aria-label={t.dataTitle}>
        <a href={`${api}${withToken('')}`} target="_blank" rel="noreferrer">
          {t.openApi}
        </a>
        <a href={`${api}${withToken('?format=csv')}`}>{t.downloadCsv}</a>
        <a href={`${api}${withToken('?format=md')}`} target="_blank" rel="noreferrer">
          {t.downloadMarkdown}
        </a>
      </nav>
      {data && data.maps.length === 0 && data.canvases.length === 0 ? <p>{t.dataEmpty}</p> : null}
      {data?.maps.map((map) => <MapTable key={map.id} map={map} data={data} />)}
      {data ? <CanvasData canvases={data.canvases} /> : null}
      {data && data.unplaced.length > 0 ? (
        <section data-testid="data-unplaced">
          <h3>{t.unplaced}</h3>
          <ul>
            {data.unplaced.map((item) => (
              <li key={item.id}>
                <button type="button" className="jb-data-card" onClick={() => showOnCanvas(editor, item.id)}>
                  {item.text || item.shapeType}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
