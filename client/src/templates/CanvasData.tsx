import type { WorkshopCanvas } from '../../../shared/src/index.ts';
import { format } from '../journey/journeyMessages.ts';
import { useTemplateMessages } from './templateMessages.ts';

function CanvasTable({ canvas }: { canvas: WorkshopCanvas }) {
  const t = useTemplateMessages();
  const provides = canvas.links.filter((l) => l.kind === 'provides').length;
  const needs = canvas.links.filter((l) => l.kind === 'needTouchpoint').length;
  return (
    <section className="jb-data-map" data-testid="data-canvas" data-kind={canvas.kind}>
      <h4>{canvas.title}</h4>
      <table className="jb-data-table">
        <tbody>
          {canvas.regions.map((region) => (
            <tr key={region.id}>
              <th scope="row">{region.label}</th>
              <td data-testid={`data-region-${region.role}`}>
                {region.cards.map((card) => (
                  <div key={card.id} className="jb-data-card">
                    {card.text || '…'}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {provides > 0 ? <p data-testid="data-provides">{format(t.providesLinks, { count: provides })}</p> : null}
      {needs > 0 ? <p data-testid="data-need-links">{format(t.needLinks, { count: needs })}</p> : null}
    </section>
  );
}

/** The workshop canvases in the Data panel: which notes sit in which region. */
export function CanvasData({ canvases }: { canvases: readonly WorkshopCanvas[] }) {
  const t = useTemplateMessages();
  if (canvases.length === 0) return null;
  return (
    <section data-testid="data-canvases">
      <h4>{t.canvasesTitle}</h4>
      {canvases.map((canvas) => (
        <CanvasTable key={canvas.id} canvas={canvas} />
      ))}
    </section>
  );
}
