import { useEffect, useMemo, useState, type PointerEvent as ReactPointerEvent } from 'react';
import {
  HTMLContainer,
  react,
  TldrawUiButton,
  TldrawUiButtonIcon,
  TldrawUiButtonLabel,
  useEditor,
  useSvgExportContext,
  useValue,
  type Computed,
  type TLShapeId,
  type TLUiIconType,
} from 'tldraw';
import {
  addLane,
  addStage,
  EMOTION_POINT_SHAPE,
  emotionLevelY,
  LANE_KINDS,
  LANE_LABELS,
  moveLane,
  moveStage,
  removeLane,
  removeStage,
  renameLane,
  renameStage,
  resizeLane,
  resizeStage,
  type LaneKind,
} from '../../../shared/src/index.ts';
import { useJourneyMessages, useUiLocale } from './journeyMessages.ts';
import { editJourneyMap, revealMapEditor } from './mapEditing.ts';
import { LANE_LABEL_FONT_SIZE, laneLabelFontSize, laneLabelRoom, mapLayout } from './mapGeometry.ts';
import type { EmotionPointShape, JourneyMapShape } from './shapeTypes.ts';
import { personaName } from '../templates/personaChoices.ts';

/** Keeps tldraw from treating clicks and typing in our controls as canvas gestures. */
const stopCanvas = {
  onPointerDown: (e: ReactPointerEvent) => e.stopPropagation(),
  onPointerUp: (e: ReactPointerEvent) => e.stopPropagation(),
  onKeyDown: (e: React.KeyboardEvent) => {
    if (e.key !== 'Escape') e.stopPropagation();
  },
};

/**
 * The map's emotion points, left to right. Through a store query (kept up to date from the
 * store's change log), so a card moved on the map costs this nothing: reading every child of
 * the map instead made each move re-read all of them.
 */
function useEmotionCurve(mapId: TLShapeId): { x: number; y: number }[] {
  const editor = useEditor();
  const points = useMemo(
    () =>
      editor.store.query.records('shape', () => ({ type: { eq: EMOTION_POINT_SHAPE }, parentId: { eq: mapId } })) as Computed<
        EmotionPointShape[]
      >,
    [editor, mapId],
  );
  return useValue(
    'emotion curve',
    () => points.get().map((point) => ({ x: point.x + point.props.size / 2, y: point.y + point.props.size / 2 })).sort((a, b) => a.x - b.x),
    [points],
  );
}

/** Drag grip that resizes a column or row; one drag is one undo step. */
function ResizeGrip({ axis, style, onResize, title }: { axis: 'x' | 'y'; style: React.CSSProperties; onResize: (delta: number, first: boolean) => void; title: string }) {
  const editor = useEditor();
  const handlePointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    event.stopPropagation();
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    let last = axis === 'x' ? event.clientX : event.clientY;
    let first = true;
    const onMove = (move: PointerEvent) => {
      const now = axis === 'x' ? move.clientX : move.clientY;
      const delta = (now - last) / editor.getZoomLevel();
      if (delta === 0) return;
      last = now;
      onResize(delta, first);
      first = false;
    };
    const onUp = () => {
      target.removeEventListener('pointermove', onMove);
      target.removeEventListener('pointerup', onUp);
    };
    target.addEventListener('pointermove', onMove);
    target.addEventListener('pointerup', onUp);
  };
  return <div className={`jb-grip jb-grip-${axis}`} style={style} title={title} onPointerDown={handlePointerDown} />;
}

const measuredWords = new Map<string, number>();
let measuringContext: CanvasRenderingContext2D | null | undefined;

/** Width of a label's longest word in the lane label's font (journey.css .jb-lane-label), measured once per label. */
function longestWordWidth(label: string): number {
  const cached = measuredWords.get(label);
  if (cached !== undefined) return cached;
  if (measuringContext === undefined) measuringContext = document.createElement('canvas').getContext('2d');
  if (!measuringContext) return 0;
  measuringContext.font = `600 ${LANE_LABEL_FONT_SIZE}px system-ui, sans-serif`;
  const width = Math.max(0, ...label.split(/\s+/).map((word) => measuringContext?.measureText(word).width ?? 0));
  measuredWords.set(label, width);
  return width;
}

function IconButton({ label, onClick, icon, testId }: { label: string; onClick: () => void; icon: TLUiIconType; testId?: string }) {
  return (
    <TldrawUiButton type="icon" className="jb-map-button" title={label} aria-label={label} data-testid={testId} onClick={onClick} {...stopCanvas}>
      <TldrawUiButtonIcon icon={icon} small />
    </TldrawUiButton>
  );
}

/**
 * While the structure editor is open its fields stay on screen: when it opens, and whenever the
 * canvas changes size (a side panel opening beside it, a smaller window). A frame later, so the
 * camera move comes after any other made for the same resize.
 */
function useEditorFieldsOnScreen(mapId: JourneyMapShape['id'], active: boolean): void {
  const editor = useEditor();
  useEffect(() => {
    if (!active) return;
    let frame = 0;
    let opening = true;
    const stop = react('keep the map editor on screen', () => {
      editor.getViewportScreenBounds();
      const animate = opening;
      opening = false;
      cancelAnimationFrame(frame);
      frame = editor.timers.requestAnimationFrame(() => revealMapEditor(editor, mapId, animate));
    });
    return () => {
      stop();
      cancelAnimationFrame(frame);
    };
  }, [editor, mapId, active]);
}

export function JourneyMapView({ shape }: { shape: JourneyMapShape }) {
  const editor = useEditor();
  const t = useJourneyMessages();
  const locale = useUiLocale();
  const isEditing = useValue('is editing map', () => editor.getEditingShapeId() === shape.id, [editor, shape.id]);
  // Pictures and PDFs of the board show the map, not the editing hint.
  const exporting = useSvgExportContext() !== null;
  const linkedPersonaName = useValue('persona name', () => personaName(editor, shape.props.personaId), [editor, shape.props.personaId]);
  const curve = useEmotionCurve(shape.id);
  useEditorFieldsOnScreen(shape.id, isEditing && !exporting);
  const [newLaneKind, setNewLaneKind] = useState<LaneKind>('painPoints');
  const { props } = shape;
  const layout = mapLayout(props);
  const edit = (change: Parameters<typeof editJourneyMap>[2], asNewUndoStep = true) => editJourneyMap(editor, shape, change, asNewUndoStep);

  const emotionLanes = props.lanes
    .map((lane, index) => ({ lane, top: layout.rows[index] ?? 0 }))
    .filter(({ lane }) => lane.kind === 'emotions');
  const gridRight = layout.columns.at(-1) ?? props.w;

  return (
    <HTMLContainer
      className="jb-map"
      data-testid="journey-map"
      style={{ width: props.w, height: props.h, pointerEvents: isEditing ? 'all' : 'none' }}
    >
      <div className="jb-map-title" style={{ height: props.titleHeight }}>
        {isEditing ? (
          <input
            className="jb-map-title-input"
            aria-label={t.mapTitle}
            value={props.title}
            onChange={(e) => edit((p) => ({ ...p, title: e.target.value }), false)}
            {...stopCanvas}
          />
        ) : (
          <span className="jb-map-title-text">{props.title}</span>
        )}
        {linkedPersonaName ? <span className="jb-map-persona">{linkedPersonaName}</span> : null}
        {isEditing || exporting ? null : <span className="jb-map-hint">{t.editHint}</span>}
      </div>

      {props.stages.map((stage, index) => (
        <div
          key={stage.id}
          className="jb-stage-header"
          data-testid="journey-stage"
          style={{ left: layout.columns[index], top: props.titleHeight, width: stage.width, height: props.headerHeight }}
        >
          {isEditing ? (
            <>
              <input
                className="jb-stage-input"
                aria-label={`${t.stagePreset} ${index + 1}`}
                value={stage.label}
                onChange={(e) => edit((p) => renameStage(p, stage.id, e.target.value), false)}
                {...stopCanvas}
              />
              <IconButton label={t.moveLeft} icon="chevron-left" onClick={() => edit((p) => moveStage(p, stage.id, index - 1))} />
              <IconButton label={t.moveRight} icon="chevron-right" onClick={() => edit((p) => moveStage(p, stage.id, index + 1))} />
              <IconButton label={t.remove} icon="cross-2" onClick={() => edit((p) => removeStage(p, stage.id))} />
              <ResizeGrip
                axis="x"
                title={t.dragToResize}
                style={{ right: -4, top: 0, height: props.headerHeight }}
                onResize={(delta, first) => edit((p) => resizeStage(p, stage.id, (p.stages.find((s) => s.id === stage.id)?.width ?? 0) + delta), first)}
              />
            </>
          ) : (
            <span className="jb-stage-label">{stage.label}</span>
          )}
        </div>
      ))}

      {props.lanes.map((lane, index) => (
        <div
          key={lane.id}
          className={`jb-lane jb-lane-${lane.kind}`}
          style={{ top: layout.rows[index], height: lane.height, width: props.w }}
        >
          <div className="jb-lane-header" style={{ width: props.laneHeaderWidth }} data-testid="journey-lane">
            {isEditing ? (
              <>
                <input
                  className="jb-lane-input"
                  aria-label={LANE_LABELS[lane.kind][locale]}
                  value={lane.label}
                  onChange={(e) => edit((p) => renameLane(p, lane.id, e.target.value), false)}
                  {...stopCanvas}
                />
                <div className="jb-lane-buttons">
                  <IconButton label={t.moveUp} icon="chevron-up" onClick={() => edit((p) => moveLane(p, lane.id, index - 1))} />
                  <IconButton label={t.moveDown} icon="chevron-down" onClick={() => edit((p) => moveLane(p, lane.id, index + 1))} />
                  <IconButton label={t.remove} icon="cross-2" onClick={() => edit((p) => removeLane(p, lane.id))} />
                </div>
                <ResizeGrip
                  axis="y"
                  title={t.dragToResize}
                  style={{ bottom: -4, left: 0, width: props.laneHeaderWidth }}
                  onResize={(delta, first) => edit((p) => resizeLane(p, lane.id, (p.lanes.find((l) => l.id === lane.id)?.height ?? 0) + delta), first)}
                />
              </>
            ) : (
              <span
                className="jb-lane-label"
                data-testid="journey-lane-label"
                style={{ fontSize: laneLabelFontSize(longestWordWidth(lane.label), laneLabelRoom(props.laneHeaderWidth, lane.kind === 'emotions')) }}
              >
                {lane.label}
              </span>
            )}
          </div>
        </div>
      ))}

      {props.stages.map((stage, index) => (
        <div
          key={`col-${stage.id}`}
          className="jb-column-line"
          style={{ left: (layout.columns[index] ?? 0) + stage.width - 1, top: props.titleHeight, height: props.h - props.titleHeight }}
        />
      ))}

      {emotionLanes.map(({ lane, top }) => (
        <div key={`zero-${lane.id}`}>
          <div
            className="jb-zero-line"
            style={{ left: props.laneHeaderWidth, top: emotionLevelY(top, lane.height, 0), width: gridRight - props.laneHeaderWidth }}
          />
          {/* The scale is for reading the curve; while the structure is edited the lane's name field has its place. */}
          {isEditing ? null : [2, 1, 0, -1, -2].map((score) => (
            <span key={score} className="jb-emotion-tick" style={{ left: props.laneHeaderWidth - 28, top: emotionLevelY(top, lane.height, score) - 8 }}>
              {score > 0 ? `+${score}` : score}
            </span>
          ))}
        </div>
      ))}

      {curve.length > 1 ? (
        <svg className="jb-curve" width={props.w} height={props.h} data-testid="emotion-curve">
          <polyline points={curve.map((p) => `${p.x},${p.y}`).join(' ')} />
        </svg>
      ) : null}

      {/* Drawn over the lanes: coloured lanes (emotions, pain points, ideas) used to paint over the map's edge. */}
      <div className="jb-map-outline" aria-hidden="true" />

      {isEditing ? (
        <div className="jb-map-add" style={{ left: gridRight + 8, top: props.titleHeight }}>
          <TldrawUiButton type="normal" className="jb-map-button jb-add" onClick={() => edit((p) => addStage(p, t.newStage))} {...stopCanvas}>
            <TldrawUiButtonIcon icon="plus" small />
            <TldrawUiButtonLabel>{t.addStage}</TldrawUiButtonLabel>
          </TldrawUiButton>
          <select
            className="jb-map-select"
            aria-label={t.addLane}
            value={newLaneKind}
            onChange={(e) => setNewLaneKind(e.target.value as LaneKind)}
            {...stopCanvas}
          >
            {LANE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {LANE_LABELS[kind][locale]}
              </option>
            ))}
          </select>
          <TldrawUiButton type="normal" className="jb-map-button jb-add" onClick={() => edit((p) => addLane(p, newLaneKind, locale))} {...stopCanvas}>
            <TldrawUiButtonIcon icon="plus" small />
            <TldrawUiButtonLabel>{t.addLane}</TldrawUiButtonLabel>
          </TldrawUiButton>
        </div>
      ) : null}
    </HTMLContainer>
  );
}
