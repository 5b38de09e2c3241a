import './templates.css';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useEditor } from 'tldraw';
import {
  journeyMapTemplate,
  LANE_SETS,
  STAGE_PRESET_IDS,
  STAGE_PRESETS,
  WORKSHOP_KINDS,
  WORKSHOP_TITLES,
  workshopTemplate,
  type LaneSetId,
  type WorkshopKind,
} from '../../../shared/src/index.ts';
import { format, useJourneyMessages, useUiLocale } from '../journey/journeyMessages.ts';
import { placeJourneyMap, placePersona } from '../journey/placement.ts';
import { JourneyMapPreviewSvg } from './JourneyMapPreviewSvg.tsx';
import { LaneSetSelect } from './LaneSetSelect.tsx';
import { PersonaPreviewSvg } from './PersonaPreviewSvg.tsx';
import { placeWorkshopCanvas } from './placeWorkshopCanvas.ts';
import { useTemplateMessages, type TemplateMessages } from './templateMessages.ts';
import { WorkshopCanvasSvg } from './WorkshopCanvasSvg.tsx';

const PREVIEW_W = 240;
const PREVIEW_H = 170;

const DESCRIPTIONS: Record<WorkshopKind, keyof TemplateMessages> = {
  empathyMap: 'empathyMapDescription',
  jobsToBeDone: 'jobsToBeDoneDescription',
  personaCanvas: 'personaCanvasDescription',
  stakeholderMap: 'stakeholderMapDescription',
};

interface GalleryItem {
  id: string;
  name: string;
  description: string;
  preview: ReactNode;
  place: () => void;
}

function GalleryCard({ item, onPlaced }: { item: GalleryItem; onPlaced: () => void }) {
  const t = useTemplateMessages();
  return (
    <li className="jb-gallery-item" data-testid={`gallery-item-${item.id}`}>
      <div className="jb-gallery-preview">{item.preview}</div>
      <h4>{item.name}</h4>
      <p>{item.description}</p>
      <button
        type="button"
        data-testid={`gallery-place-${item.id}`}
        onClick={() => {
          item.place();
          onPlaced();
        }}
      >
        {t.place}
      </button>
    </li>
  );
}

/** Every template with a preview drawn from its definition, in the interface language. */
export function TemplateGallery({ onClose }: { onClose: () => void }) {
  const editor = useEditor();
  const t = useTemplateMessages();
  const jt = useJourneyMessages();
  const locale = useUiLocale();
  const [laneSet, setLaneSet] = useState<LaneSetId>('default');

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const items = useMemo<GalleryItem[]>(
    () => [
      ...WORKSHOP_KINDS.map((kind) => ({
        id: kind,
        name: WORKSHOP_TITLES[kind][locale],
        description: t[DESCRIPTIONS[kind]],
        preview: <WorkshopCanvasSvg props={workshopTemplate(kind, locale)} width={PREVIEW_W} height={PREVIEW_H} />,
        place: () => placeWorkshopCanvas(editor, kind, locale),
      })),
      {
        id: 'persona',
        name: t.personaCard,
        description: t.personaCardDescription,
        preview: <PersonaPreviewSvg width={PREVIEW_W} height={PREVIEW_H} />,
        place: () => placePersona(editor),
      },
      ...STAGE_PRESET_IDS.map((stagePreset) => {
        const options = { locale, stagePreset, laneSet };
        const preset = STAGE_PRESETS[stagePreset];
        return {
          id: `journey-${stagePreset}`,
          name: format(t.journeyMapPreset, { name: preset.name[locale] }),
          description: preset.stages.map((s) => s[locale]).join(' · ') || LANE_SETS[laneSet].name[locale],
          preview: <JourneyMapPreviewSvg props={journeyMapTemplate(options)} width={PREVIEW_W} height={PREVIEW_H} />,
          place: () => placeJourneyMap(editor, options),
        };
      }),
    ],
    [editor, locale, laneSet, t],
  );

  return (
    <div className="jb-gallery-backdrop" onPointerDown={(e) => e.stopPropagation()} onWheel={(e) => e.stopPropagation()}>
      <div className="jb-gallery" role="dialog" aria-modal="true" aria-label={t.galleryTitle} data-testid="template-gallery">
        <header>
          <h3>{t.galleryTitle}</h3>
          <LaneSetSelect value={laneSet} onChange={setLaneSet} testId="gallery-lane-set" />
          <button type="button" onClick={onClose} aria-label={jt.closePanel}>
            ✕
          </button>
        </header>
        <p>{t.galleryIntro}</p>
        <ul className="jb-gallery-list">
          {items.map((item) => (
            <GalleryCard key={item.id} item={item} onPlaced={onClose} />
          ))}
        </ul>
      </div>
    </div>
  );
}
