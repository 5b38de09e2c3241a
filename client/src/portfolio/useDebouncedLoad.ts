import { useEffect, useRef, useState } from 'react';
import { describeError } from '../api/apiClient.ts';

export type Load<T> = { status: 'loading' } | { status: 'loaded'; value: T } | { status: 'failed'; reason: string };

/**
 * Asks the server with `query` right away while there is no answer yet, then again `delayMs`
 * after the query last changed (typing in a filter asks once, when the typing pauses). The answer
 * to a query that has since changed is dropped; until the new one arrives the last answer stays
 * on screen. `load` must be a stable function (declared outside the component), or every render
 * would ask again.
 */
export function useDebouncedLoad<T>(query: string, load: (query: string) => Promise<T>, delayMs: number): Load<T> {
  const [state, setState] = useState<Load<T>>({ status: 'loading' });
  const answered = useRef(false);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(
      () => {
        load(query).then(
          (value) => {
            answered.current = true;
            if (!cancelled) setState({ status: 'loaded', value });
          },
          (error: unknown) => !cancelled && setState({ status: 'failed', reason: describeError(error) }),
        );
      },
      answered.current ? delayMs : 0,
    );
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, load, delayMs]);
  return state;
}
