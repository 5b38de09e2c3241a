import { useEffect, type RefObject } from 'react';

/**
 * Escape anywhere inside an open menu of the chrome (or on its trigger) closes it and puts the
 * keyboard focus back on the trigger, as tldraw's own menus do. Handled in the capture phase so
 * tldraw's canvas shortcuts (Escape deselects) do not see the key first.
 */
export function useDismissOnEscape(open: boolean, close: () => void, scope: RefObject<HTMLElement | null>, trigger: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      const target = event.target instanceof Node ? event.target : null;
      const inScope = target !== null && scope.current?.contains(target);
      // Focus left on the page body (e.g. after clicking a menu's plain text) still belongs to the open menu.
      if (!inScope && target !== document.body) return;
      event.preventDefault();
      event.stopPropagation();
      close();
      trigger.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown, true);
    return () => document.removeEventListener('keydown', onKeyDown, true);
  }, [open, close, scope, trigger]);
}
