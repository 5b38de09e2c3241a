import { useEffect, useRef, useState } from 'react';
import { TldrawUiButton, useEditor, useValue } from 'tldraw';
import { useBoardContext } from '../board/boardContext.ts';
import { useFacilitationMessages } from './facilitationMessages.ts';
import { ReactionIcon, reactionName } from './reactionIcons.tsx';
import { cursorOf, REACTION_KINDS, readReaction, sendReaction, type ReactionKind } from './reactions.ts';

interface Floating {
  key: string;
  kind: ReactionKind;
  page: { x: number; y: number };
}

const FLOAT_MS = 2000;

/** Reactions floating up from the sender's cursor, for everyone on the board (through awareness). */
export function ReactionsLayer() {
  const editor = useEditor();
  const awareness = useBoardContext().session.connection.provider.awareness;
  const [floating, setFloating] = useState<Floating[]>([]);
  const seen = useRef(new Map<number, number>());
  useValue('camera for reactions', () => editor.getCamera(), [editor]);

  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const onChange = ({ added, updated }: { added: number[]; updated: number[] }) => {
      const states = awareness.getStates();
      for (const clientId of [...added, ...updated]) {
        const state = states.get(clientId) ?? {};
        const reaction = readReaction(state);
        const last = seen.current.get(clientId);
        if (reaction) seen.current.set(clientId, reaction.seq);
        // A reaction already there when a peer is first seen is old news.
        if (!reaction || last === undefined || reaction.seq === last) {
          if (!reaction && last === undefined) seen.current.set(clientId, 0);
          continue;
        }
        const page = clientId === awareness.clientID ? editor.inputs.getCurrentPagePoint() : cursorOf(state);
        if (!page) continue;
        const item = { key: `${clientId}:${reaction.seq}`, kind: reaction.kind, page: { x: page.x, y: page.y } };
        setFloating((all) => [...all, item]);
        const timer = setTimeout(() => {
          timers.delete(timer);
          setFloating((all) => all.filter((f) => f.key !== item.key));
        }, FLOAT_MS);
        timers.add(timer);
      }
    };
    for (const [clientId, state] of awareness.getStates()) seen.current.set(clientId, readReaction(state)?.seq ?? 0);
    awareness.on('change', onChange);
    return () => {
      awareness.off('change', onChange);
      for (const timer of timers) clearTimeout(timer);
    };
  }, [awareness, editor]);

  return (
    <>
      {floating.map((item) => {
        const at = editor.pageToViewport(item.page);
        return (
          <span key={item.key} className="jb-reaction" style={{ left: at.x, top: at.y }} data-testid="floating-reaction" data-reaction={item.kind}>
            <ReactionIcon kind={item.kind} size={32} />
          </span>
        );
      })}
    </>
  );
}

/** The reaction buttons in the session bar; each is named by its icon and says so on hover. */
export function ReactionPicker() {
  const awareness = useBoardContext().session.connection.provider.awareness;
  const t = useFacilitationMessages();
  return (
    <span className="jb-session-chip jb-reaction-picker" role="group" aria-label={t.reactions}>
      {REACTION_KINDS.map((kind) => (
        <TldrawUiButton
          key={kind}
          type="icon"
          className="jb-reaction-button"
          data-testid="send-reaction"
          data-reaction={kind}
          aria-label={reactionName(t, kind)}
          tooltip={reactionName(t, kind)}
          onClick={() => sendReaction(awareness, kind)}
        >
          <ReactionIcon kind={kind} />
        </TldrawUiButton>
      ))}
    </span>
  );
}
