import { useMemo, useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';
import { BoardIdSchema } from '../../../shared/src/index.ts';

/** The app has two pages; a full router library would be more code than this. */
export type Route = { page: 'home' } | { page: 'board'; boardId: string } | { page: 'notFound' };

export function boardPath(boardId: string): string {
  return `/b/${encodeURIComponent(boardId)}`;
}

export function parseRoute(pathname: string): Route {
  if (pathname === '/') return { page: 'home' };
  const boardMatch = /^\/b\/([^/]+)\/?$/.exec(pathname);
  if (boardMatch?.[1] !== undefined) {
    const boardId = BoardIdSchema.safeParse(decodeURIComponent(boardMatch[1]));
    if (boardId.success) return { page: 'board', boardId: boardId.data };
  }
  return { page: 'notFound' };
}

// pushState fires no event, so navigate() announces its own changes.
const NAVIGATED = 'journeyboard:navigated';

export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATED));
}

function subscribeToLocation(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribeToLocation, () => window.location.pathname);
  return useMemo(() => parseRoute(pathname), [pathname]);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link (open in new tab still works) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  function handleClick(event: MouseEvent<HTMLAnchorElement>): void {
    onClick?.(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified) return;
    event.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={handleClick} {...rest} />;
}
