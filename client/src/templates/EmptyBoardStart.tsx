import './emptyBoardStart.css';
import { useState, type ReactNode } from 'react';
import { TldrawUiButton, TldrawUiButtonLabel, useEditor, useValue } from 'tldraw';
import { journeyMapTemplate, WORKSHOP_KINDS, WORKSHOP_TITLES, workshopTemplate, type JourneyMapTemplateOptions } from '../../../shared/src/index.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { useUiLocale } from '../i18n/useMessages.ts';
import { placeJourneyMap } from '../journey/placement.ts';
import { JourneyMapPreviewSvg } from './JourneyMapPreviewSvg.tsx';
import { placeWorkshopCanvas } from './placeWorkshopCanvas.ts';
import { useStartMessages } from './startMessages.ts';
import { WorkshopCanvasSvg } from './WorkshopCanvasSvg.tsx';

const PREVIEW_W = 136;
const PREVIEW_H = 90;

interface StartChoice {
  id: string;
  name: string;
  preview: ReactNode;
  place: () => void;
}

/** Keeps pointer and wheel events on the panel away from the canvas underneath. */
const keepFromCanvas = {
  onPointerDown: (e: React.PointerEvent) => e.stopPropagation(),
  onWheel: (e: React.WheelEvent) => e.stopPropagation(),
};

/**
 * The first thing an editor sees on an empty board: the templates, each with the gallery's preview.
 * It goes as soon as any shape exists, when a drawing tool is picked, or when dismissed.
 */
export function EmptyBoardStart() {
  const editor = useEditor();
  const { role } = useBoardContext();
  const t = useStartMessages();
  const locale = useUiLocale();
  const [dismissed, setDismissed] = useState(false);
  const boardIsEmpty = useValue('board is empty', () => editor.getCurrentPageShapeIds().size === 0, [editor]);
  const readonly = useValue('readonly', () => editor.getIsReadonly(), [editor]);
  // Picking a tool means "I'll start on my own": the panel must not catch that first click.
  const selecting = useValue('select tool', () => editor.getCurrentToolId() === 'select', [editor]);
  const mayEdit = (role === 'editor' || role === 'facilitator') && !readonly;
  if (!mayEdit || !boardIsEmpty || !selecting || dismissed) return null;

  const journeyOptions: JourneyMapTemplateOptions = { locale, stagePreset: 'afcpl', laneSet: 'default' };
  const choices: StartChoice[] = [
    {
      id: 'journeyMap',
      name: t.startJourneyMap,
      preview: <JourneyMapPreviewSvg props={journeyMapTemplate(journeyOptions)} width={PREVIEW_W} height={PREVIEW_H} />,
      place: () => placeJourneyMap(editor, journeyOptions),
    },
    ...WORKSHOP_KINDS.map((kind) => ({
      id: kind,
      name: WORKSHOP_TITLES[kind][locale],
      preview: <WorkshopCanvasSvg props={workshopTemplate(kind, locale)} width={PREVIEW_W} height={PREVIEW_H} />,
      place: () => placeWorkshopCanvas(editor, kind, locale),
    })),
  ];

  return (
    <div className="jb-start-host">
      <section className="jb-start" aria-labelledby="jb-start-title" data-testid="empty-board-start" {...keepFromCanvas}>
        <h2 id="jb-start-title">{t.startTitle}</h2>
        <p>{t.startIntro}</p>
        <ul className="jb-start-choices">
          {choices.map((choice) => (
            <li key={choice.id}>
              <TldrawUiButton type="normal" className="jb-start-choice" data-testid={`start-${choice.id}`} onClick={choice.place}>
                <span className="jb-start-preview" aria-hidden="true">
                  {choice.preview}
                </span>
                <TldrawUiButtonLabel>{choice.name}</TldrawUiButtonLabel>
              </TldrawUiButton>
            </li>
          ))}
        </ul>
        <TldrawUiButton type="low" data-testid="start-blank" onClick={() => setDismissed(true)}>
          <TldrawUiButtonLabel>{t.startBlank}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </section>
    </div>
  );
}
