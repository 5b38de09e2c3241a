import type { Locale } from '../../../shared/src/index.ts';
import type { CardPlacement, VersionSummary } from '../../../shared/src/history.ts';
import { format, type HistoryMessages } from './historyMessages.ts';

/** What the panel calls a version: its name, or what made the server take it. */
export function versionLabel(version: VersionSummary, all: readonly VersionSummary[], t: HistoryMessages): string {
  switch (version.kind) {
    case 'named':
      return version.name ?? '';
    case 'activity':
      return t.kindActivity;
    case 'last-left':
      return t.kindLastLeft;
    case 'before-restore': {
      const restored = all.find((v) => v.id === version.restoredVersionId);
      if (!restored) return t.kindBeforeRestoreUnknown;
      // Restoring the checkpoint of a restore is how a restore is undone.
      if (restored.kind === 'before-restore') return t.kindBeforeUndo;
      return format(t.kindBeforeRestore, { name: versionLabel(restored, [], t) });
    }
  }
}

export function versionTime(version: VersionSummary, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(version.createdAt));
}

export function cardCount(count: number, t: HistoryMessages): string {
  return count === 1 ? t.oneCard : format(t.cards, { count });
}

/** "Stage · Lane", or a note that the card is on no map. */
export function placementLabel(placement: CardPlacement, t: HistoryMessages): string {
  if (placement.stageLabel === null || placement.laneLabel === null) return t.unplaced;
  return `${placement.stageLabel} · ${placement.laneLabel}`;
}
