import { useEffect, useState } from 'react';
import { TldrawUiButton, TldrawUiButtonLabel, useValue } from 'tldraw';
import {
  boardPreviewPath,
  CHANNEL_LABELS,
  CHANNELS,
  metricStatus,
  type BoardSummary,
  type Channel,
  type PortfolioBoard,
  type TouchpointFilter,
} from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { boardPath, Link } from '../app/router.tsx';
import { previewUploadSettled } from '../board/boardPreview.ts';
import { boardToken } from '../share/boardTokens.ts';
import { format } from '../journey/journeyMessages.ts';
import { $uiLocale } from '../user/userPreferences.ts';
import { OpenActions } from './OpenActions.tsx';
import { downloadTouchpointsCsv, fetchPortfolioBoards, fetchTouchpoints } from './portfolioApi.ts';
import { usePortfolioMessages, type PortfolioMessages } from './portfolioMessages.ts';
import { useDebouncedLoad, type Load } from './useDebouncedLoad.ts';
import './portfolio.css';

type BoardFilter = 'all' | 'maps' | 'comments' | 'targets';

const contains = (text: string, part: string) => text.toLocaleLowerCase().includes(part.trim().toLocaleLowerCase());

/** "5 minutes ago", "gestern": the largest unit that fits, in the interface's language; null within the last minute. */
export function relativeTime(iso: string, now: number, locale: string): string | null {
  const seconds = (Date.parse(iso) - now) / 1000;
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 31_536_000],
    ['month', 2_592_000],
    ['week', 604_800],
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return null;
}

/** The picture of a board as its editors last left it; a calm placeholder with its initial until there is one (or it fails to load). */
function BoardPicture({ board, t }: { board: PortfolioBoard; t: PortfolioMessages }) {
  const [failed, setFailed] = useState(false);
  const updatedAt = board.previewUpdatedAt;
  if (updatedAt && !failed) {
    const token = boardToken(board.id);
    const src = `${boardPreviewPath(board.id, updatedAt)}${token ? `&token=${encodeURIComponent(token)}` : ''}`;
    return (
      <div className="portfolio-card-picture">
        <img src={src} alt="" loading="lazy" decoding="async" data-testid="portfolio-board-preview" onError={() => setFailed(true)} />
      </div>
    );
  }
  const initial = [...board.title.trim()][0]?.toLocaleUpperCase() ?? '?';
  return (
    <div className="portfolio-card-picture portfolio-card-placeholder" title={t.noPreview} data-testid="portfolio-board-placeholder">
      <span aria-hidden="true">{initial}</span>
    </div>
  );
}

function BoardFigures({ summary, t, numbers }: { summary: BoardSummary; t: PortfolioMessages; numbers: Intl.NumberFormat }) {
  const figures: [string, string, string, boolean][] = [
    ['maps', t.mapsCount, String(summary.maps), false],
    ['stages', t.stagesCount, String(summary.stages), false],
    ['cards', t.cardsCount, String(summary.cards), false],
    ['emotion', t.emotionAverage, summary.averageEmotion === null ? '—' : numbers.format(summary.averageEmotion), false],
    ['comments', t.openCommentsCount, String(summary.openComments), false],
    ['missed', t.missedTargetsCount, String(summary.missedTargets), summary.missedTargets > 0],
  ];
  return (
    <dl className="portfolio-card-figures" aria-label={t.figures}>
      {figures.map(([key, label, value, alarm]) => (
        <div key={key} className={alarm ? 'portfolio-missed' : undefined}>
          <dt>{label}</dt>
          <dd data-testid={`portfolio-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function BoardCard({ board, t, locale, now }: { board: PortfolioBoard; t: PortfolioMessages; locale: string; now: number }) {
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const exact = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(board.updatedAt));
  const when = relativeTime(board.updatedAt, now, locale);
  return (
    <li className="portfolio-card" data-testid="portfolio-board" data-board-id={board.id}>
      <BoardPicture board={board} t={t} />
      <div className="portfolio-card-body">
        {/* The link covers the whole card (::after); its name is the board's title alone. */}
        <Link to={boardPath(board.id)} className="portfolio-card-link" data-testid="portfolio-board-link">
          {board.title}
        </Link>
        <p className="portfolio-card-meta">
          <time dateTime={board.updatedAt} title={exact}>
            {when === null ? t.changedJustNow : format(t.changed, { when })}
          </time>
        </p>
        {board.summary === null ? (
          <p className="portfolio-card-meta">{t.notIndexed}</p>
        ) : board.summary.maps > 0 ? (
          <BoardFigures summary={board.summary} t={t} numbers={numbers} />
        ) : null}
      </div>
    </li>
  );
}

function Boards({ t }: { t: PortfolioMessages }) {
  const locale = useValue($uiLocale);
  const [state, setState] = useState<Load<PortfolioBoard[]>>({ status: 'loading' });
  const [search, setSearch] = useState('');
  const [show, setShow] = useState<BoardFilter>('all');
  useEffect(() => {
    let cancelled = false;
    // Coming back from a board: its new picture is on its way; list once it has arrived.
    previewUploadSettled()
      .then(() => fetchPortfolioBoards())
      .then(
        (value) => !cancelled && setState({ status: 'loaded', value }),
        (error: unknown) => !cancelled && setState({ status: 'failed', reason: describeError(error) }),
      );
    return () => {
      cancelled = true;
    };
  }, []);
  if (state.status === 'loading') return <p>{t.loading}</p>;
  if (state.status === 'failed') return <p role="alert">{format(t.failed, { reason: state.reason })}</p>;
  if (state.value.length === 0) return <p>{t.noBoards}</p>;
  const now = Date.now();
  const boards = state.value.filter((board) => {
    const s = board.summary;
    if (search && !contains([board.title, ...(s?.personas ?? [])].join('\n'), search)) return false;
    if (show === 'maps') return (s?.maps ?? 0) > 0;
    if (show === 'comments') return (s?.openComments ?? 0) > 0;
    if (show === 'targets') return (s?.missedTargets ?? 0) > 0;
    return true;
  });
  return (
    <>
      <div className="portfolio-filters">
        <label>
          {t.search}
          <input className="jb-field" data-testid="portfolio-search" value={search} placeholder={t.searchPlaceholder} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          {t.show}
          <select className="jb-field" data-testid="portfolio-show" value={show} onChange={(e) => setShow(e.target.value as BoardFilter)}>
            <option value="all">{t.allBoards}</option>
            <option value="maps">{t.withMaps}</option>
            <option value="comments">{t.withOpenComments}</option>
            <option value="targets">{t.withMissedTargets}</option>
          </select>
        </label>
        <p className="portfolio-muted portfolio-count" aria-live="polite">
          {boards.length === 1 ? t.boardCountOne : format(t.boardCount, { count: boards.length })}
        </p>
      </div>
      <ul className="portfolio-cards" data-testid="board-list">
        {boards.map((board) => (
          <BoardCard key={board.id} board={board} t={t} locale={locale} now={now} />
        ))}
      </ul>
    </>
  );
}

function Touchpoints({ t }: { t: PortfolioMessages }) {
  const locale = useValue($uiLocale);
  const [filter, setFilter] = useState<TouchpointFilter>({});
  const set = (patch: Partial<TouchpointFilter>) => setFilter((current) => {
    const next: Record<string, unknown> = { ...current, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '' || next[key] === false) delete next[key];
    return next;
  });
  const state = useDebouncedLoad(JSON.stringify(filter), loadTouchpoints, 200);
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  return (
    <>
      <div className="portfolio-filters">
        <label>
          {t.search}
          <input className="jb-field" data-testid="touchpoint-search" value={filter.search ?? ''} onChange={(e) => set({ search: e.target.value })} />
        </label>
        <label>
          {t.owner}
          <input className="jb-field" data-testid="touchpoint-owner" value={filter.owner ?? ''} onChange={(e) => set({ owner: e.target.value })} />
        </label>
        <label>
          {t.channel}
          <select className="jb-field" data-testid="touchpoint-channel" value={filter.channel ?? ''} onChange={(e) => set({ channel: (e.target.value || undefined) as Channel | undefined })}>
            <option value="">{t.anyChannel}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c][locale]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.momentOfTruth}
          <select
            className="jb-field"
            data-testid="touchpoint-moment"
            value={filter.momentOfTruth ?? ''}
            onChange={(e) => set({ momentOfTruth: (e.target.value || undefined) as TouchpointFilter['momentOfTruth'] })}
          >
            <option value="">{t.anyMoment}</option>
            <option value="any">{t.someMoment}</option>
            <option value="first">{t.first}</option>
            <option value="second">{t.second}</option>
            <option value="none">{t.none}</option>
          </select>
        </label>
        <label>
          {t.emotionBelow}
          <select
            className="jb-field"
            data-testid="touchpoint-emotion"
            value={filter.emotionBelow === undefined ? '' : String(filter.emotionBelow)}
            onChange={(e) => set({ emotionBelow: e.target.value === '' ? undefined : Number(e.target.value) })}
          >
            <option value="">{t.noLimit}</option>
            {[2, 1, 0, -1].map((v) => (
              <option key={v} value={v}>
                {numbers.format(v)}
              </option>
            ))}
          </select>
        </label>
        <label className="portfolio-check">
          <input type="checkbox" data-testid="touchpoint-misses" checked={filter.missesTarget ?? false} onChange={(e) => set({ missesTarget: e.target.checked })} />
          {t.missesTarget}
        </label>
        <TldrawUiButton type="normal" className="jb-home-button" data-testid="touchpoint-export" onClick={() => void downloadTouchpointsCsv(filter)}>
          <TldrawUiButtonLabel>{t.exportCsv}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </div>
      {state.status === 'loading' ? <p>{t.loading}</p> : null}
      {state.status === 'failed' ? <p role="alert">{format(t.failed, { reason: state.reason })}</p> : null}
      {state.status === 'loaded' ? (
        state.value.length === 0 ? (
          <p>{t.noTouchpoints}</p>
        ) : (
          <div className="portfolio-table-wrap">
            <p className="portfolio-muted" data-testid="touchpoint-count">{format(t.count, { count: state.value.length })}</p>
            <table className="portfolio-table" data-testid="touchpoint-list">
              <thead>
                <tr>
                  <th>{t.touchpoint}</th>
                  <th>{t.board}</th>
                  <th>{t.stage}</th>
                  <th>{t.channel}</th>
                  <th>{t.owner}</th>
                  <th>{t.momentOfTruth}</th>
                  <th>{t.emotion}</th>
                  <th>{t.metrics}</th>
                </tr>
              </thead>
              <tbody>
                {state.value.map((row) => (
                  <tr key={`${row.boardId}/${row.cardId}`} data-testid="touchpoint-row">
                    <td>{row.text}</td>
                    <td>
                      <Link to={boardPath(row.boardId)}>{row.boardTitle}</Link> · {row.mapTitle}
                    </td>
                    <td>{row.stage}</td>
                    <td>{row.channel ? CHANNEL_LABELS[row.channel][locale] : '—'}</td>
                    <td>{row.owner}</td>
                    <td>{row.momentOfTruth === 'first' ? t.first : row.momentOfTruth === 'second' ? t.second : ''}</td>
                    <td>{row.emotion === null ? '—' : numbers.format(row.emotion)}</td>
                    <td>
                      {row.liveMetrics.map((m) => (
                        <span key={m.name} className={`portfolio-metric portfolio-metric-${metricStatus(m)}`}>
                          {m.name} {m.value}
                          {m.unit}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}

const loadTouchpoints = (query: string) => fetchTouchpoints(JSON.parse(query) as TouchpointFilter);

/** The home page's portfolio: every board the visitor may see with its journey figures, every touchpoint and every open action across them. */
export function PortfolioView() {
  const t = usePortfolioMessages();
  const [tab, setTab] = useState<'boards' | 'touchpoints' | 'actions'>('boards');
  return (
    <div className="portfolio">
      <div className="portfolio-tabs" role="tablist">
        <TldrawUiButton type="low" role="tab" aria-selected={tab === 'boards'} isActive={tab === 'boards'} data-testid="portfolio-tab-boards" onClick={() => setTab('boards')}>
          <TldrawUiButtonLabel>{t.boardsTab}</TldrawUiButtonLabel>
        </TldrawUiButton>
        <TldrawUiButton
          type="low"
          role="tab"
          aria-selected={tab === 'touchpoints'}
          isActive={tab === 'touchpoints'}
          data-testid="portfolio-tab-touchpoints"
          onClick={() => setTab('touchpoints')}
        >
          <TldrawUiButtonLabel>{t.touchpointsTab}</TldrawUiButtonLabel>
        </TldrawUiButton>
        <TldrawUiButton type="low" role="tab" aria-selected={tab === 'actions'} isActive={tab === 'actions'} data-testid="portfolio-tab-actions" onClick={() => setTab('actions')}>
          <TldrawUiButtonLabel>{t.actionsTab}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </div>
      {tab === 'boards' ? <Boards t={t} /> : tab === 'touchpoints' ? <Touchpoints t={t} /> : <OpenActions t={t} />}
    </div>
  );
}
