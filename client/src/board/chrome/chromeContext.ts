import { createContext, useContext, useMemo, useState } from 'react';

export type PanelTab = 'inspector' | 'data' | 'comments' | 'history' | 'live' | 'agenda';
export type LiveSection = 'import' | 'webhooks';

/**
 * Where the board's chrome lives outside tldraw's canvas (the top bar and the side panel are
 * beside the canvas, so the canvas shrinks instead of being covered) and which tab is open.
 * Features rendered inside tldraw reach these places through portals, keeping tldraw's contexts.
 */
export interface ChromeState {
  tab: PanelTab | null;
  /** True when the inspector opened by itself for a selection (it closes by itself again). */
  openedBySelection: boolean;
  liveSection: LiveSection;
  openTab: (tab: PanelTab, options?: { bySelection?: boolean; liveSection?: LiveSection }) => void;
  toggleTab: (tab: PanelTab, options?: { liveSection?: LiveSection }) => void;
  closePanel: () => void;
  topBar: HTMLElement | null;
  setTopBar: (element: HTMLElement | null) => void;
  side: HTMLElement | null;
  setSide: (element: HTMLElement | null) => void;
  /** The comments feature puts its rail buttons here and its thread list into the comments tab. */
  commentsRail: HTMLElement | null;
  setCommentsRail: (element: HTMLElement | null) => void;
  commentsTab: HTMLElement | null;
  setCommentsTab: (element: HTMLElement | null) => void;
}

export const ChromeContext = createContext<ChromeState | null>(null);

export function useChrome(): ChromeState {
  const value = useContext(ChromeContext);
  if (!value) throw new Error('useChrome must be used inside the board chrome');
  return value;
}

export function useChromeState(): ChromeState {
  const [panel, setPanel] = useState<{ tab: PanelTab | null; openedBySelection: boolean; liveSection: LiveSection }>({
    tab: null,
    openedBySelection: false,
    liveSection: 'import',
  });
  const [topBar, setTopBar] = useState<HTMLElement | null>(null);
  const [side, setSide] = useState<HTMLElement | null>(null);
  const [commentsRail, setCommentsRail] = useState<HTMLElement | null>(null);
  const [commentsTab, setCommentsTab] = useState<HTMLElement | null>(null);
  return useMemo<ChromeState>(
    () => ({
      ...panel,
      openTab: (tab, options) =>
        setPanel((current) => ({ tab, openedBySelection: options?.bySelection ?? false, liveSection: options?.liveSection ?? current.liveSection })),
      toggleTab: (tab, options) =>
        setPanel((current) => {
          const section = options?.liveSection ?? current.liveSection;
          const same = current.tab === tab && (tab !== 'live' || section === current.liveSection);
          return same ? { ...current, tab: null, openedBySelection: false } : { tab, openedBySelection: false, liveSection: section };
        }),
      closePanel: () => setPanel((current) => ({ ...current, tab: null, openedBySelection: false })),
      topBar,
      setTopBar,
      side,
      setSide,
      commentsRail,
      setCommentsRail,
      commentsTab,
      setCommentsTab,
    }),
    [panel, topBar, side, commentsRail, commentsTab],
  );
}
