import type { ReactNode } from 'react';
import { useMessages } from '../i18n/useMessages.ts';
import { Link } from './router.tsx';

/** A full-page notice (not found, failed to load) that always offers the way back home. */
export function MessagePage({ message, action, testId }: { message: string; action?: ReactNode; testId?: string }) {
  const messages = useMessages();
  return (
    <main className="message-page" data-testid={testId}>
      <p role="alert">{message}</p>
      {action}
      <Link to="/">{messages.backHome}</Link>
    </main>
  );
}
