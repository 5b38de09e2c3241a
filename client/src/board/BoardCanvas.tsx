import { useCallback, useMemo } from 'react';
import { Tldraw, type Editor, type TLComponents } from 'tldraw';
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite';
import { ACCEPTED_IMAGE_TYPES } from '../../../shared/src/index.ts';
import { removeShapesOfFailedUploads } from '../assets/failedUploads.ts';
import { bindPresenceToAwareness, createEditorUserSignal } from '../sync/presenceBinding.ts';
import { currentUser } from '../user/userPreferences.ts';
import { keepRenderingShapesWhileOnlyPlacementChanges } from './stableRenderingShapes.ts';
import { markPrivateCards, privateModeVisibility, readPrivateModeVisibilityInputs } from '../facilitation/privateMode.ts';
import { VoteLayer } from '../facilitation/VoteLayer.tsx';
import { AgendaRun } from '../agenda/AgendaBanner.tsx';
import { EmotionScoringLayer } from '../facilitation/EmotionScoringLayer.tsx';
import { ReactionsLayer } from '../facilitation/ReactionsLayer.tsx';
import { JourneyOverlay } from '../journey/JourneyOverlay.tsx';
import { EmptyBoardStart } from '../templates/EmptyBoardStart.tsx';
import { journeyTools } from '../journey/journeyShapes.ts';
import { useBoardContext } from './boardContext.ts';
import { BoardPreviews } from './boardPreview.ts';
import { BoardTopPanel } from './BoardTopPanel.tsx';
import { ChromeContext, useChromeState } from './chrome/chromeContext.ts';
import { keepSelectionVisibleOnResize } from './chrome/keepSelectionVisible.ts';
import { fitContentIfAsked } from './firstView.ts';
import './chrome/chrome.css';
import { tldrawTranslationOverrides } from '../i18n/tldrawTranslations.ts';
import { canvasOptions } from './canvasOptions.ts';
import { canvasShapeUtils } from './canvasShapeUtils.ts';
import { exposeDebugHandle } from './debugHandle.ts';
import { countNoteContentRenders } from './LazyLabelNoteShapeUtil.ts';
import { registerOfflineUrlHandlers } from './offlineBookmarks.ts';
import type { BoardSession } from './useBoardSession.ts';

// Fonts, icons and translations are bundled and served by our own server, never tldraw's CDN.
const assetUrls = getAssetUrlsByImport();

function BoardOverlay() {
  const { session } = useBoardContext();
  return (
    <>
      <JourneyOverlay boardId={session.connection.boardId} />
      <VoteLayer />
      <EmotionScoringLayer />
      <ReactionsLayer />
      <AgendaRun />
      <EmptyBoardStart />
      <BoardPreviews />
    </>
  );
}

// The people menu is replaced by the top bar's avatars; the top bar and side panel sit beside the canvas.
const components: TLComponents = { TopPanel: BoardTopPanel, InFrontOfTheCanvas: BoardOverlay, SharePanel: null };
// The server stores only these image types (sniffed; SVG refused) and no videos; tldraw explains a refusal.
const NO_VIDEOS: readonly string[] = [];

export function BoardCanvas({ session, licenseKey }: { session: BoardSession; licenseKey: string | null }) {
  const { role } = useBoardContext();
  const chrome = useChromeState();
  const getShapeVisibility = useMemo(() => privateModeVisibility(session.connection.doc, role), [session, role]);
  const handleMount = useCallback(
    (editor: Editor) => {
      registerOfflineUrlHandlers(editor);
      const removeFailedUploadCleanup = removeShapesOfFailedUploads(editor);
      const { doc, provider } = session.connection;
      const restoreRenderingShapes = keepRenderingShapesWhileOnlyPlacementChanges(editor, () => readPrivateModeVisibilityInputs(doc, editor));
      const presence = bindPresenceToAwareness(session.store, provider.awareness, {
        $user: createEditorUserSignal(editor),
      });
      const removeDebugHandle = exposeDebugHandle({ editor, doc, provider, noteContentRenders: countNoteContentRenders });
      const stopMarkingPrivateCards = markPrivateCards(editor, doc, role);
      const detachFrames = session.remoteApplies.attachToFrames(editor);
      const stopKeepingSelectionVisible = keepSelectionVisibleOnResize(editor);
      const stopFitting = fitContentIfAsked(editor, session.connection.boardId);
      return () => {
        stopFitting();
        stopKeepingSelectionVisible();
        detachFrames();
        stopMarkingPrivateCards();
        removeDebugHandle();
        presence.dispose();
        removeFailedUploadCleanup();
        restoreRenderingShapes();
      };
    },
    [session, role],
  );

  return (
    <ChromeContext value={chrome}>
      <div className="jb-board-layout" data-panel-open={chrome.tab !== null || undefined}>
        <header className="jb-topbar-host" ref={chrome.setTopBar} />
        <div className="jb-canvas-area">
          <Tldraw
            store={session.store}
            licenseKey={licenseKey ?? undefined}
            assetUrls={assetUrls}
            acceptedImageMimeTypes={ACCEPTED_IMAGE_TYPES}
            acceptedVideoMimeTypes={NO_VIDEOS}
            shapeUtils={canvasShapeUtils}
            tools={journeyTools}
            user={currentUser}
            components={components}
            overrides={tldrawTranslationOverrides}
            onMount={handleMount}
            getShapeVisibility={getShapeVisibility}
            options={canvasOptions}
          />
        </div>
        <aside className="jb-side-host" ref={chrome.setSide} />
      </div>
    </ChromeContext>
  );
}
