import type { Editor } from 'tldraw';
import { JOURNEY_MAP_SHAPE, WORKSHOP_CANVAS_SHAPE } from '../../../shared/src/index.ts';

export interface AreaChoice {
  id: string;
  label: string;
}

/** The shapes a step can happen in: journey maps, workshop canvases and frames, by title. */
export function areaChoices(editor: Editor, untitled: string): AreaChoice[] {
  const choices: AreaChoice[] = [];
  for (const shape of editor.getCurrentPageShapesSorted()) {
    const props = shape.props as { title?: unknown; name?: unknown };
    if (shape.type === JOURNEY_MAP_SHAPE || shape.type === WORKSHOP_CANVAS_SHAPE) choices.push({ id: shape.id, label: (typeof props.title === 'string' && props.title.trim()) || untitled });
    else if (shape.type === 'frame') choices.push({ id: shape.id, label: (typeof props.name === 'string' && props.name.trim()) || untitled });
  }
  return choices;
}
