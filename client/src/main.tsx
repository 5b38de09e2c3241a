import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'tldraw/tldraw.css';
import './styles.css';
import { App } from './app/App.tsx';
import { decoupleEfficientZoomLevelFromShapes } from './board/efficientZoomLevel.ts';
import { renderShapesOnceSeenOnScreen } from './board/shapesSeenOnScreen.ts';

// Before any editor exists: both take part in the canvas's first render.
decoupleEfficientZoomLevelFromShapes();
renderShapesOnceSeenOnScreen();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
