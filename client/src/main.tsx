import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'tldraw/tldraw.css';
import './styles.css';
import { App } from './app/App.tsx';
import { findDraggingOverAmongDropTargets } from './board/dropTargets.ts';
import { decoupleEfficientZoomLevelFromShapes } from './board/efficientZoomLevel.ts';
import { followNotVisibleShapesByChange } from './board/notVisibleShapes.ts';
import { renderShapesOnceSeenOnScreen } from './board/shapesSeenOnScreen.ts';
import { installFastYjsDecoding } from '../../shared/src/yjs/fastDecoding.ts';

// Before the board's first sync: Yjs reads every string of the board through lib0's decoder.
installFastYjsDecoding();
// Before any editor exists: they take part in the canvas's first render and a drag's first frame.
decoupleEfficientZoomLevelFromShapes();
renderShapesOnceSeenOnScreen();
followNotVisibleShapesByChange();
findDraggingOverAmongDropTargets();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
