import { formatMessage } from '../i18n/messages.ts';
import { useFacilitationMessages } from './facilitationMessages.ts';

/** Why a facilitation request failed (the server's message), or nothing. */
export function FailureNotice({ error, className }: { error: string | null; className: string }) {
  const t = useFacilitationMessages();
  if (!error) return null;
  return (
    <p className={className} role="alert" data-testid="facilitation-error">
      {formatMessage(t.failed, { reason: error })}
    </p>
  );
}
