import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'tldraw/tldraw.css';
import './styles.css';
import { App } from './app/App.tsx';
import { decoupleEfficientZoomLevelFromShapes } from './board/efficientZoomLevel.ts';

// Before any editor exists: shapes subscribe to it in the canvas's first render.
decoupleEfficientZoomLevelFromShapes();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
