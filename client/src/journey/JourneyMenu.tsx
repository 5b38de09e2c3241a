import { useCallback, useRef, useState } from 'react';
import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useEditor, useValue } from 'tldraw';
import {
  EMOTION_POINT_SHAPE,
  STAGE_PRESET_IDS,
  STAGE_PRESETS,
  type LaneSetId,
  type StagePresetId,
} from '../../../shared/src/index.ts';
import { useJourneyMessages, useUiLocale } from './journeyMessages.ts';
import { placeJourneyMap, placePersona } from './placement.ts';
import { TemplateGallery } from '../templates/TemplateGallery.tsx';
import { useTemplateMessages } from '../templates/templateMessages.ts';
import { LaneSetSelect } from '../templates/LaneSetSelect.tsx';
import { useDismissOnEscape } from '../board/chrome/useDismissOnEscape.ts';

const stop = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation() };

/** Template menu and the emotion point tool, in the top bar. */
export function JourneyMenu() {
  const editor = useEditor();
  const t = useJourneyMessages();
  const locale = useUiLocale();
  const readonly = useValue('readonly', () => editor.getIsReadonly(), [editor]);
  const [open, setOpen] = useState(false);
  const [galleryOpen, setGalleryOpen] = useState(false);
  const tt = useTemplateMessages();
  const [stagePreset, setStagePreset] = useState<StagePresetId>('afcpl');
  const [laneSet, setLaneSet] = useState<LaneSetId>('default');
  const emotionToolActive = useValue('emotion tool', () => editor.getCurrentToolId() === EMOTION_POINT_SHAPE, [editor]);
  const menuRef = useRef<HTMLDivElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback(() => setOpen(false), []);
  useDismissOnEscape(open, closeMenu, menuRef, triggerRef);

  if (readonly) return null;
  return (
    <div className="jb-menu" ref={menuRef} {...stop}>
      <TldrawUiButton ref={triggerRef} type="normal" data-testid="templates-button" aria-expanded={open} isActive={open} onClick={() => setOpen(!open)}>
        <TldrawUiButtonLabel>{t.templates}</TldrawUiButtonLabel>
        <TldrawUiButtonIcon icon="chevron-down" small />
      </TldrawUiButton>
      {/* A tool, drawn like tldraw's tools: an icon with a tooltip. */}
      <TldrawUiButton
        type="icon"
        className="jb-emotion-tool"
        data-testid="tools.journey-emotion"
        aria-label={t.emotionTool}
        tooltip={t.emotionTool}
        aria-pressed={emotionToolActive}
        isActive={emotionToolActive}
        onClick={() => editor.setCurrentTool(EMOTION_POINT_SHAPE)}
      >
        <span className="jb-emotion-dot" aria-hidden="true" />
      </TldrawUiButton>
      {open ? (
        <div className="jb-template-menu" role="dialog" aria-label={t.templates} data-testid="template-menu">
          <TldrawUiButton
            type="menu"
            data-testid="open-gallery"
            onClick={() => {
              setGalleryOpen(true);
              setOpen(false);
            }}
          >
            <TldrawUiButtonLabel>{tt.openGallery}</TldrawUiButtonLabel>
          </TldrawUiButton>
          <hr />
          <h3>{t.journeyMap}</h3>
          <label className="jb-field">
            <span>{t.stagePreset}</span>
            <select data-testid="stage-preset" value={stagePreset} onChange={(e) => setStagePreset(e.target.value as StagePresetId)}>
              {STAGE_PRESET_IDS.map((id) => (
                <option key={id} value={id}>
                  {STAGE_PRESETS[id].name[locale]}: {STAGE_PRESETS[id].stages.map((s) => s[locale]).join(' · ')}
                </option>
              ))}
            </select>
          </label>
          <LaneSetSelect value={laneSet} onChange={setLaneSet} testId="lane-set" />
          <TldrawUiButton
            type="menu"
            data-testid="place-journey-map"
            onClick={() => {
              placeJourneyMap(editor, { locale, stagePreset, laneSet });
              setOpen(false);
            }}
          >
            <TldrawUiButtonLabel>{t.placeJourneyMap}</TldrawUiButtonLabel>
          </TldrawUiButton>
          <hr />
          <TldrawUiButton
            type="menu"
            data-testid="place-persona"
            onClick={() => {
              placePersona(editor);
              setOpen(false);
            }}
          >
            <TldrawUiButtonLabel>{t.placePersona}</TldrawUiButtonLabel>
          </TldrawUiButton>
        </div>
      ) : null}
      {galleryOpen ? <TemplateGallery onClose={() => setGalleryOpen(false)} /> : null}
    </div>
  );
}
