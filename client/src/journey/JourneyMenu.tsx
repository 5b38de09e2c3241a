import { useState } from 'react';
import { useEditor, useValue } from 'tldraw';
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

const stop = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation() };

/** Template menu and journey tools, above the canvas. */
export function JourneyMenu({ dataOpen, onToggleData }: { dataOpen: boolean; onToggleData: () => void }) {
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

  return (
    <div className="jb-menu" {...stop}>
      {readonly ? null : (
        <>
          <button type="button" data-testid="templates-button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {t.templates}
          </button>
          <button
            type="button"
            data-testid="tools.journey-emotion"
            aria-pressed={emotionToolActive}
            onClick={() => editor.setCurrentTool(EMOTION_POINT_SHAPE)}
          >
            ● {t.emotionTool}
          </button>
        </>
      )}
      <button type="button" data-testid="data-button" aria-pressed={dataOpen} onClick={onToggleData}>
        {t.dataPanel}
      </button>
      {open ? (
        <div className="jb-template-menu" role="dialog" aria-label={t.templates} data-testid="template-menu">
          <button
            type="button"
            data-testid="open-gallery"
            onClick={() => {
              setGalleryOpen(true);
              setOpen(false);
            }}
          >
            {tt.openGallery}
          </button>
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
          <button
            type="button"
            data-testid="place-journey-map"
            onClick={() => {
              placeJourneyMap(editor, { locale, stagePreset, laneSet });
              setOpen(false);
            }}
          >
            {t.placeJourneyMap}
          </button>
          <hr />
          <button
            type="button"
            data-testid="place-persona"
            onClick={() => {
              placePersona(editor);
              setOpen(false);
            }}
          >
            {t.placePersona}
          </button>
        </div>
      ) : null}
      {galleryOpen && !readonly ? <TemplateGallery onClose={() => setGalleryOpen(false)} /> : null}
    </div>
  );
}
