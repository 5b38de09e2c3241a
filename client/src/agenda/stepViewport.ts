import { useEffect, useRef } from 'react';
import { useValue, type Editor, type TLShapeId } from 'tldraw';
import { currentStep } from '../../../shared/src/index.ts';
import { $scoringOpen } from '../facilitation/emotionScoring.ts';
import type { AgendaSignals } from './agendaSignals.ts';

/** Room around the step's area, in screen pixels, so its edges are not glued to the canvas's. */
const AREA_INSET = 64;
const MOVE_MS = 500;

/** Brings the editor's viewport to a shape (a step's area); false when the shape is not on the page. */
export function showArea(editor: Editor, area: string, animate: boolean): boolean {
  const bounds = editor.getShapePageBounds(area as TLShapeId);
  if (!bounds) return false;
  // A selection elsewhere is let go (unless someone is typing in it): the canvas keeps the
  // selection in view when it resizes (the banner's height changes with the step), which would
  // pull the camera back from the step's area.
  const selection = editor.getSelectionPageBounds();
  if (selection && !bounds.contains(selection) && !editor.isIn('select.editing_shape')) editor.selectNone();
  editor.zoomToBounds(bounds, { inset: AREA_INSET, ...(animate ? { animation: { duration: MOVE_MS } } : {}) });
  return true;
}

/**
 * Everyone's viewport follows the workshop: when the step changes (or this browser joins a running
 * workshop) it moves to the step's area, and an emotion-scoring step opens the scoring controls.
 * Only on a change of step: in between, people look wherever they like.
 */
export function useStepViewport(editor: Editor, signals: AgendaSignals): void {
  const target = useValue(
    'agenda step target',
    () => {
      const workshop = signals.$workshop.get();
      const running = currentStep(signals.$agenda.get(), workshop);
      if (!running || !workshop) return null;
      const area = running.step.area;
      // A late joiner's store may still be filling: wait until the area's shape is there.
      const areaPresent = area !== null && editor.getShape(area as TLShapeId) !== undefined;
      return `${workshop.runId}|${running.index}|${area ?? ''}|${areaPresent ? 'present' : 'absent'}|${running.step.activity.kind}`;
    },
    [editor, signals],
  );
  const shown = useRef<string | null>(null);
  const openedScoring = useRef(false);

  useEffect(() => {
    if (target === null) {
      shown.current = null;
      return;
    }
    const [runId, index, area, presence, activity] = target.split('|');
    const stepKey = `${runId}|${index}`;
    if (stepKey === shown.current) return;
    if (area && presence !== 'present') return;
    // The first move after joining jumps; later moves glide, so people see where they are taken.
    const animate = shown.current !== null;
    shown.current = stepKey;
    if (area) showArea(editor, area, animate);
    if (activity === 'emotionScoring') {
      $scoringOpen.set(true);
      openedScoring.current = true;
    } else if (openedScoring.current) {
      $scoringOpen.set(false);
      openedScoring.current = false;
    }
  }, [editor, target]);
}
