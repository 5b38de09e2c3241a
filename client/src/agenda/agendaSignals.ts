import { atom, type Signal } from 'tldraw';
import type * as Y from 'yjs';
import { DocLayout, readSessionValue, SessionKey, type Agenda, type WorkshopState } from '../../../shared/src/index.ts';

/** The board's agenda and workshop run (server-owned session values) as signals for the UI. */
export interface AgendaSignals {
  $agenda: Signal<Agenda | null>;
  $workshop: Signal<WorkshopState | null>;
}

const byDoc = new WeakMap<Y.Doc, AgendaSignals>();

export function agendaSignals(doc: Y.Doc): AgendaSignals {
  const existing = byDoc.get(doc);
  if (existing) return existing;
  const map = doc.getMap<unknown>(DocLayout.session);
  const $agenda = atom<Agenda | null>('session agenda', null);
  const $workshop = atom<WorkshopState | null>('session workshop', null);
  const read = () => {
    $agenda.set(readSessionValue(map, SessionKey.agenda));
    $workshop.set(readSessionValue(map, SessionKey.workshop));
  };
  read();
  // Lives as long as the doc, like the other session signals.
  map.observe(read);
  const signals = { $agenda, $workshop };
  byDoc.set(doc, signals);
  return signals;
}
