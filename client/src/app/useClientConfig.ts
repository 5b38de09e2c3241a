import { useCallback, useEffect, useState } from 'react';
import type { ClientConfig } from '../../../shared/src/index.ts';
import { describeError, fetchClientConfig } from '../api/apiClient.ts';

export type ClientConfigState =
  | { status: 'loading' }
  | { status: 'loaded'; config: ClientConfig }
  | { status: 'failed'; reason: string; retry: () => void };

/** The server's runtime configuration (tldraw licence key), loaded once per page load. */
export function useClientConfig(): ClientConfigState {
  const [attempt, setAttempt] = useState(0);
  const [result, setResult] = useState<{ config: ClientConfig } | { reason: string } | null>(null);
  const retry = useCallback(() => {
    setResult(null);
    setAttempt((previous) => previous + 1);
  }, []);

  useEffect(() => {
    let cancelled = false;
    fetchClientConfig().then(
      (config) => {
        if (!cancelled) setResult({ config });
      },
      (error: unknown) => {
        if (!cancelled) setResult({ reason: describeError(error) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  if (result === null) return { status: 'loading' };
  if ('config' in result) return { status: 'loaded', config: result.config };
  return { status: 'failed', reason: result.reason, retry };
}
