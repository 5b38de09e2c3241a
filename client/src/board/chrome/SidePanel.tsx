import { useEffect, useRef } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useEditor, useValue, type TLUiIconType } from 'tldraw';
import { EMOTION_POINT_SHAPE, JOURNEY_MAP_SHAPE, type Locale } from '../../../../shared/src/index.ts';
import { AgendaTab } from '../../agenda/AgendaTab.tsx';
import { AGENDA_MESSAGES } from '../../agenda/agendaMessages.ts';
import { CardActionSection } from '../../agenda/CardActionSection.tsx';
import { HistoryPanel } from '../../history/HistoryPanel.tsx';
import '../../history/history.css';
import '../../liveData/liveData.css';
import { DataPanel } from '../../journey/DataPanel.tsx';
import { InspectorPanel } from '../../journey/InspectorPanel.tsx';
import { ImportSection, MetricsUploadSection } from '../../liveData/UploadDialogs.tsx';
import { WebhooksSection } from '../../liveData/WebhooksSection.tsx';
import { useUiLocale } from '../../i18n/useMessages.ts';
import { useBoardContext } from '../boardContext.ts';
import { useChromeMessages, type ChromeMessages } from './chromeMessages.ts';
import { useChrome, type PanelTab } from './chromeContext.ts';

const INSPECTABLE = new Set<string>(['note', EMOTION_POINT_SHAPE, JOURNEY_MAP_SHAPE]);

const stopCanvasEvents = {
  onPointerDown: (e: React.PointerEvent) => e.stopPropagation(),
  onWheel: (e: React.WheelEvent) => e.stopPropagation(),
  onKeyDown: (e: React.KeyboardEvent) => e.stopPropagation(),
};

function tabTitle(t: ChromeMessages, tab: PanelTab, locale: Locale): string {
  switch (tab) {
    case 'agenda':
      return AGENDA_MESSAGES[locale].tabAgenda;
    case 'inspector':
      return t.tabInspector;
    case 'data':
      return t.tabData;
    case 'comments':
      return t.tabComments;
    case 'history':
      return t.tabHistory;
    case 'live':
      return t.tabLive;
  }
}

/** Selected by a click (or a program), these open the inspector by themselves: their details are what one edits. */
const OPENS_INSPECTOR = INSPECTABLE;

/**
 * Opens the inspector by itself when a card or emotion point is picked with the select tool and no
 * other tab is open; closes it again when nothing is selected. A card just drawn with the note tool
 * does not open it (people add many in a row; the canvas should not jump under them).
 */
function useInspectorFollowsSelection() {
  const editor = useEditor();
  const chrome = useChrome();
  const selection = useValue(
    'inspectable selection',
    () => {
      const shape = editor.getOnlySelectedShape();
      if (!shape || !INSPECTABLE.has(shape.type) || editor.getIsReadonly()) return null;
      const picked = OPENS_INSPECTOR.has(shape.type) && editor.isIn('select') && !editor.isIn('select.editing_shape');
      return { id: shape.id, picked };
    },
    [editor],
  );
  const previous = useRef<string | null>(null);
  const { tab, openedBySelection, openTab, closePanel } = chrome;
  const selectedId = selection?.id ?? null;
  const picked = selection?.picked ?? false;
  useEffect(() => {
    if (selectedId === previous.current) return;
    previous.current = selectedId;
    if (selectedId && picked && tab === null) openTab('inspector', { bySelection: true });
    else if (!selectedId && tab === 'inspector' && openedBySelection) closePanel();
  }, [selectedId, picked, tab, openedBySelection, openTab, closePanel]);
}

function InspectorTab() {
  const editor = useEditor();
  const t = useChromeMessages();
  const state = useValue(
    'inspector state',
    () => {
      if (editor.getIsReadonly()) return 'readonly';
      const shape = editor.getOnlySelectedShape();
      return shape && INSPECTABLE.has(shape.type) ? 'shape' : 'empty';
    },
    [editor],
  );
  if (state === 'shape') {
    return (
      <>
        <InspectorPanel />
        <CardActionSection />
      </>
    );
  }
  return <p className="jb-side-hint">{state === 'readonly' ? t.inspectorReadonly : t.inspectorEmpty}</p>;
}

function LiveTab({ boardId }: { boardId: string }) {
  const { role } = useBoardContext();
  const chrome = useChrome();
  const t = useChromeMessages();
  const section = role === 'facilitator' ? chrome.liveSection : 'import';
  return (
    <div className="jb-live-tab">
      {role === 'facilitator' ? (
        <div className="jb-segments" role="tablist" aria-label={t.tabLive}>
          {(['import', 'webhooks'] as const).map((id) => (
            <TldrawUiButton
              key={id}
              type="normal"
              role="tab"
              aria-selected={section === id}
              isActive={section === id}
              onClick={() => chrome.openTab('live', { liveSection: id })}
            >
              <TldrawUiButtonLabel>{id === 'import' ? t.liveImport : t.liveWebhooks}</TldrawUiButtonLabel>
            </TldrawUiButton>
          ))}
        </div>
      ) : null}
      {section === 'import' ? (
        <div className="jb-livedata-dialog" data-testid="livedata-tab">
          <ImportSection boardId={boardId} />
          <MetricsUploadSection boardId={boardId} />
        </div>
      ) : (
        <div className="jb-livedata-dialog">
          <WebhooksSection boardId={boardId} />
        </div>
      )}
    </div>
  );
}

interface RailEntry {
  tab: PanelTab;
  icon: TLUiIconType;
  testId: string;
  label: string;
  liveSection?: 'import' | 'webhooks';
}

/** The side panel beside the canvas: a rail of tab buttons and, when a tab is open, its content. */
export function SidePanel() {
  const chrome = useChrome();
  const t = useChromeMessages();
  const { session, role } = useBoardContext();
  const boardId = session.connection.boardId;
  useInspectorFollowsSelection();
  const { tab } = chrome;
  const locale = useUiLocale();
  const canEdit = role === 'editor' || role === 'facilitator';

  const rail: RailEntry[] = [
    { tab: 'inspector', icon: 'info-circle', testId: 'inspector-button', label: t.tabInspector },
    { tab: 'data', icon: 'list', testId: 'data-button', label: t.tabData },
    { tab: 'agenda', icon: 'bulletList', testId: 'agenda-button', label: AGENDA_MESSAGES[locale].tabAgenda },
  ];
  const after: RailEntry[] = [{ tab: 'history', icon: 'rotate-ccw', testId: 'history-button', label: t.tabHistory }];
  if (canEdit) after.push({ tab: 'live', icon: 'download', testId: 'livedata-button', label: t.tabLive, liveSection: 'import' });
  if (role === 'facilitator') after.push({ tab: 'live', icon: 'link', testId: 'webhooks-button', label: t.liveWebhooks, liveSection: 'webhooks' });

  const railButton = (entry: RailEntry) => {
    const active = tab === entry.tab && (entry.tab !== 'live' || chrome.liveSection === entry.liveSection);
    return (
      <TldrawUiButton
        key={entry.testId}
        type="icon"
        className="jb-rail-button"
        data-testid={entry.testId}
        title={entry.label}
        aria-pressed={active}
        aria-expanded={active}
        isActive={active}
        onClick={() => chrome.toggleTab(entry.tab, entry.liveSection ? { liveSection: entry.liveSection } : undefined)}
      >
        <TldrawUiButtonIcon icon={entry.icon} />
      </TldrawUiButton>
    );
  };

  return (
    <div className="jb-side" data-open={tab !== null || undefined} {...stopCanvasEvents}>
      {tab ? (
        <section className="jb-side-panel" role="region" aria-label={tabTitle(t, tab, locale)} data-testid="side-panel" data-tab={tab}>
          <header className="jb-side-header">
            <h2>{tabTitle(t, tab, locale)}</h2>
            <TldrawUiButton type="icon" title={t.closePanel} data-testid="side-panel-close" onClick={chrome.closePanel}>
              <TldrawUiButtonIcon icon="cross-2" small />
            </TldrawUiButton>
          </header>
          <div className="jb-side-body">
            {tab === 'inspector' ? <InspectorTab /> : null}
            {tab === 'data' ? <DataPanel boardId={boardId} /> : null}
            {tab === 'history' ? <HistoryPanel boardId={boardId} onClose={chrome.closePanel} /> : null}
            {tab === 'live' ? <LiveTab boardId={boardId} /> : null}
            {tab === 'agenda' ? <AgendaTab /> : null}
            {/* The comments feature renders its thread list into this element (it owns the threads' state). */}
            <div ref={chrome.setCommentsTab} hidden={tab !== 'comments'} />
          </div>
        </section>
      ) : null}
      <nav className="jb-rail" aria-label={t.panelTabs}>
        {rail.map(railButton)}
        <div className="jb-rail-group" ref={chrome.setCommentsRail} />
        {after.map(railButton)}
      </nav>
    </div>
  );
}
