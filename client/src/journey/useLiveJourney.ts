import { useEffect, useState } from 'react';
import type { Editor, TLRecord } from 'tldraw';
import { extractJourney, type JourneyData } from '../../../shared/src/index.ts';

const THROTTLE_MS = 250;

function pageRecords(editor: Editor): TLRecord[] {
  const shapes = editor.getCurrentPageShapes();
  const bindings = shapes.filter((s) => s.type === 'arrow').flatMap((arrow) => editor.getBindingsFromShape(arrow, 'arrow'));
  return [...shapes, ...bindings];
}

/**
 * The journey data of the current page, recomputed at most four times a second
 * while the board changes: the same pure extraction the server runs.
 */
export function useLiveJourney(editor: Editor, enabled: boolean): JourneyData | null {
  const [data, setData] = useState<JourneyData | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const recompute = () => {
      timer = undefined;
      setData(extractJourney(pageRecords(editor)));
    };
    recompute();
    const stop = editor.store.listen(
      () => {
        timer ??= setTimeout(recompute, THROTTLE_MS);
      },
      { scope: 'document' },
    );
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [editor, enabled]);
  return enabled ? data : null;
}
