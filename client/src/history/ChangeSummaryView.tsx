import type { ChangeSummary, DiffCard } from '../../../shared/src/history.ts';
import { format, useHistoryMessages, type HistoryMessages } from './historyMessages.ts';
import { placementLabel } from './versionLabels.ts';

function cardText(text: string, t: HistoryMessages): string {
  return text.trim() ? `“${text.trim()}”` : t.untitled;
}

function CardList({ title, cards, testId }: { title: string; cards: readonly DiffCard[]; testId: string }) {
  const t = useHistoryMessages();
  if (cards.length === 0) return null;
  return (
    <section>
      <h5>{title}</h5>
      <ul>
        {cards.map((card) => (
          <li key={card.id} data-testid={testId}>
            {cardText(card.text, t)} <small>({placementLabel(card.placement, t)})</small>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Cards added, removed, edited and moved between stages and lanes; then stages, lanes and the rest. */
export function ChangeSummaryView({ summary }: { summary: ChangeSummary }) {
  const t = useHistoryMessages();
  const { cards, stages, lanes, otherShapes } = summary;
  if (summary.identical) return <p data-testid="history-no-changes">{t.noChanges}</p>;
  const columnChanges = [
    ...stages.added.map((s) => ({ key: `sa-${s.id}`, group: t.stagesChanged, text: `“${s.label}” ${t.added}` })),
    ...stages.removed.map((s) => ({ key: `sr-${s.id}`, group: t.stagesChanged, text: `“${s.label}” ${t.removed}` })),
    ...stages.renamed.map((s) => ({ key: `sn-${s.id}`, group: t.stagesChanged, text: `“${s.from}” → “${s.to}” (${t.renamed})` })),
    ...lanes.added.map((l) => ({ key: `la-${l.id}`, group: t.lanesChanged, text: `“${l.label}” ${t.added}` })),
    ...lanes.removed.map((l) => ({ key: `lr-${l.id}`, group: t.lanesChanged, text: `“${l.label}” ${t.removed}` })),
    ...lanes.renamed.map((l) => ({ key: `ln-${l.id}`, group: t.lanesChanged, text: `“${l.from}” → “${l.to}” (${t.renamed})` })),
  ];
  const otherCount = otherShapes.added + otherShapes.removed + otherShapes.changed;
  const cardCount = cards.added.length + cards.removed.length + cards.edited.length + cards.moved.length;
  const changeLabel = { text: t.changedText, touchpoint: t.changedTouchpoint, color: t.changedColor };
  return (
    <div className="jb-history-summary" data-testid="history-summary">
      {cardCount === 0 && columnChanges.length === 0 ? <p>{t.layoutOnly}</p> : null}
      {cards.moved.length > 0 ? (
        <section>
          <h5>{t.cardsMoved}</h5>
          <ul>
            {cards.moved.map((move) => (
              <li key={move.id} data-testid="history-moved">
                {cardText(move.text, t)}: {placementLabel(move.from, t)} → {placementLabel(move.to, t)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <CardList title={t.cardsAdded} cards={cards.added} testId="history-added" />
      <CardList title={t.cardsRemoved} cards={cards.removed} testId="history-removed" />
      {cards.edited.length > 0 ? (
        <section>
          <h5>{t.cardsEdited}</h5>
          <ul>
            {cards.edited.map((edit) => (
              <li key={edit.id} data-testid="history-edited">
                {edit.changes.includes('text') ? `${cardText(edit.before, t)} → ${cardText(edit.after, t)}` : cardText(edit.after, t)}
                {edit.changes.some((c) => c !== 'text') ? (
                  <small> ({edit.changes.filter((c) => c !== 'text').map((c) => changeLabel[c]).join(', ')})</small>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {columnChanges.length > 0 ? (
        <section>
          <h5>
            {t.stagesChanged} / {t.lanesChanged}
          </h5>
          <ul>
            {columnChanges.map((change) => (
              <li key={change.key}>
                {change.group}: {change.text}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {otherCount > 0 ? <p className="jb-history-muted">{format(t.otherShapes, otherShapes)}</p> : null}
    </div>
  );
}
