// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShapeId, type TLFrameShape, type TLGeoShape } from 'tldraw';
import { boardTarget, selectionTarget, templateTargets } from '../../../client/src/export/exportTargets.ts';
import { createHeadlessPeer, type HeadlessPeer } from './peers.ts';

let peer: HeadlessPeer;
const lower = createShapeId('lower');
const upper = createShapeId('upper');
const onUpper = createShapeId('on-upper');
const farAway = createShapeId('far-away');

beforeEach(() => {
  peer = createHeadlessPeer();
  const { editor } = peer;
  editor.createShape<TLFrameShape>({ id: lower, type: 'frame', x: 0, y: 1000, props: { w: 800, h: 600, name: '' } });
  editor.createShape<TLFrameShape>({ id: upper, type: 'frame', x: 500, y: 0, props: { w: 800, h: 600, name: 'Onboarding' } });
  // Lies over the upper frame without being its child, like cards on a journey map.
  editor.createShape<TLGeoShape>({ id: onUpper, type: 'geo', parentId: editor.getCurrentPageId(), x: 1200, y: 500, props: { w: 200, h: 200 } });
  editor.createShape<TLGeoShape>({ id: farAway, type: 'geo', x: 5000, y: 5000, props: { w: 100, h: 100 } });
});
afterEach(() => {
  peer.editor.dispose();
});

describe('export targets', () => {
  it('lists templates top to bottom, named by their title or their place', () => {
    const targets = templateTargets(peer.editor);
    expect(targets.map((target) => [target.key, target.name])).toEqual([
      [upper, 'Onboarding'],
      [lower, '2'],
    ]);
  });

  it('draws a template as its area with everything lying on it', () => {
    const [onboarding] = templateTargets(peer.editor);
    expect(onboarding?.bounds?.toJson()).toEqual({ x: 500, y: 0, w: 800, h: 600 });
    expect(onboarding?.shapeIds).toContain(onUpper);
    expect(onboarding?.shapeIds).not.toContain(farAway);
    expect(onboarding?.shapeIds).not.toContain(lower);
  });

  it('draws the whole board or the selection at their own size', () => {
    expect(new Set(boardTarget(peer.editor, 'Board').shapeIds)).toEqual(new Set([lower, upper, onUpper, farAway]));
    peer.editor.select(farAway);
    expect(selectionTarget(peer.editor, 'Selection')).toEqual({ key: 'selection', name: 'Selection', shapeIds: [farAway] });
  });
});
