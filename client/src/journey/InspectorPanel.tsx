import { TldrawUiButton, TldrawUiButtonIcon, TldrawUiButtonLabel, useComputed, useEditor, useValue, type TLNoteShape, type TLShape } from 'tldraw';
import {
  CARD_META_TOUCHPOINT,
  CHANNEL_LABELS,
  CHANNEL_MODE,
  CHANNELS,
  EMOTION_POINT_SHAPE,
  EVIDENCE_LEVELS,
  JOURNEY_MAP_SHAPE,
  MEDIA_TYPES,
  MOMENTS_OF_TRUTH,
  TouchpointAttributesSchema,
  type Metric,
  type TouchpointAttributes,
} from '../../../shared/src/index.ts';
import { format, useJourneyMessages, useUiLocale, type JourneyMessages } from './journeyMessages.ts';
import { openMapEditor } from './mapEditing.ts';
import type { EmotionPointShape, JourneyMapShape } from './shapeTypes.ts';
import { personaChoices } from '../templates/personaChoices.ts';

const stop = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation(), onKeyDown: (e: React.KeyboardEvent) => e.stopPropagation() };

function touchpointOf(note: TLNoteShape): TouchpointAttributes {
  const parsed = TouchpointAttributesSchema.safeParse(note.meta[CARD_META_TOUCHPOINT] ?? {});
  return parsed.success ? parsed.data : TouchpointAttributesSchema.parse({});
}

function Select<V extends string>({ label, value, options, onChange, testId }: { label: string; value: V | null; options: { value: V; label: string }[]; onChange: (value: V | null) => void; testId: string }) {
  const t = useJourneyMessages();
  return (
    <label className="jb-field">
      <span>{label}</span>
      <select data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : (e.target.value as V))} {...stop}>
        <option value="">{t.notSet}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const MOT_LABELS: Record<(typeof MOMENTS_OF_TRUTH)[number], keyof JourneyMessages> = { none: 'motNone', first: 'motFirst', second: 'motSecond' };

function TouchpointEditor({ note }: { note: TLNoteShape }) {
  const editor = useEditor();
  const t = useJourneyMessages();
  const locale = useUiLocale();
  const attributes = touchpointOf(note);
  const update = (change: Partial<TouchpointAttributes>) => {
    const next: TouchpointAttributes = { ...attributes, ...change };
    editor.updateShape<TLNoteShape>({ id: note.id, type: 'note', meta: { ...note.meta, [CARD_META_TOUCHPOINT]: next } });
  };
  const derived = attributes.channel ? CHANNEL_MODE[attributes.channel] : null;
  const updateMetric = (index: number, change: Partial<Metric>) =>
    update({ metrics: attributes.metrics.map((m, i) => (i === index ? { ...m, ...change } : m)) });

  return (
    <div className="jb-inspector-body" data-testid="touchpoint-panel">
      <h3>{t.touchpoint}</h3>
      <Select
        label={t.channel}
        testId="touchpoint-channel"
        value={attributes.channel}
        options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c][locale] }))}
        onChange={(channel) => update({ channel })}
      />
      <Select
        label={t.mode}
        testId="touchpoint-mode"
        value={attributes.modeOverride}
        options={[
          { value: 'analog', label: t.analog },
          { value: 'digital', label: t.digital },
        ]}
        onChange={(modeOverride) => update({ modeOverride })}
      />
      {attributes.modeOverride === null && derived ? <p className="jb-hint">{format(t.modeFromChannel, { mode: derived === 'analog' ? t.analog : t.digital })}</p> : null}
      <Select
        label={t.mediaType}
        testId="touchpoint-media"
        value={attributes.mediaType}
        options={MEDIA_TYPES.map((m) => ({ value: m, label: t[m] }))}
        onChange={(mediaType) => update({ mediaType })}
      />
      <Select
        label={t.momentOfTruth}
        testId="touchpoint-mot"
        value={attributes.momentOfTruth}
        options={MOMENTS_OF_TRUTH.map((m) => ({ value: m, label: t[MOT_LABELS[m]] }))}
        onChange={(momentOfTruth) => update({ momentOfTruth: momentOfTruth ?? 'none' })}
      />
      <label className="jb-field">
        <span>{t.owner}</span>
        <input data-testid="touchpoint-owner" value={attributes.owner} onChange={(e) => update({ owner: e.target.value })} {...stop} />
      </label>
      <label className="jb-field">
        <span>{t.systems}</span>
        <input
          data-testid="touchpoint-systems"
          value={attributes.systems.join(', ')}
          onChange={(e) => update({ systems: e.target.value.split(',').map((s) => s.trim()).filter(Boolean) })}
          {...stop}
        />
      </label>
      <fieldset className="jb-metrics">
        <legend>{t.metrics}</legend>
        {attributes.metrics.map((metric, index) => (
          <div key={index} className="jb-metric-row">
            <input aria-label={t.metricName} placeholder={t.metricName} value={metric.name} onChange={(e) => updateMetric(index, { name: e.target.value })} {...stop} />
            <input
              aria-label={t.metricValue}
              placeholder={t.metricValue}
              type="number"
              value={metric.value ?? ''}
              onChange={(e) => updateMetric(index, { value: e.target.value === '' ? null : Number(e.target.value) })}
              {...stop}
            />
            <input aria-label={t.metricUnit} placeholder={t.metricUnit} value={metric.unit} onChange={(e) => updateMetric(index, { unit: e.target.value })} {...stop} />
            <TldrawUiButton type="icon" aria-label={t.remove} title={t.remove} onClick={() => update({ metrics: attributes.metrics.filter((_, i) => i !== index) })} {...stop}>
              <TldrawUiButtonIcon icon="cross-2" small />
            </TldrawUiButton>
          </div>
        ))}
        <TldrawUiButton type="normal" onClick={() => update({ metrics: [...attributes.metrics, { name: '', value: null, unit: '' }] })} {...stop}>
          <TldrawUiButtonIcon icon="plus" small />
          <TldrawUiButtonLabel>{t.addMetric}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </fieldset>
      <Select
        label={t.evidence}
        testId="touchpoint-evidence"
        value={attributes.evidence}
        options={EVIDENCE_LEVELS.map((e) => ({ value: e, label: t[e] }))}
        onChange={(evidence) => update({ evidence })}
      />
    </div>
  );
}

function EmotionEditor({ point }: { point: EmotionPointShape }) {
  const editor = useEditor();
  const t = useJourneyMessages();
  return (
    <div className="jb-inspector-body">
      <h3>{t.emotionPoint}</h3>
      <label className="jb-field">
        <span>{t.emotionNote}</span>
        <input
          data-testid="emotion-label"
          value={point.props.label}
          onChange={(e) => editor.updateShape<EmotionPointShape>({ id: point.id, type: point.type, props: { label: e.target.value } })}
          {...stop}
        />
      </label>
    </div>
  );
}

function MapEditor({ map }: { map: JourneyMapShape }) {
  const editor = useEditor();
  const t = useJourneyMessages();
  const personas = useValue('personas', () => personaChoices(editor), [editor]);
  return (
    <div className="jb-inspector-body">
      <h3>{t.journeyMap}</h3>
      <label className="jb-field">
        <span>{t.mapTitle}</span>
        <input
          data-testid="map-title"
          value={map.props.title}
          onChange={(e) => editor.updateShape<JourneyMapShape>({ id: map.id, type: map.type, props: { title: e.target.value } })}
          {...stop}
        />
      </label>
      <label className="jb-field">
        <span>{t.mapPersona}</span>
        <select
          data-testid="map-persona"
          value={map.props.personaId ?? ''}
          onChange={(e) => editor.updateShape<JourneyMapShape>({ id: map.id, type: map.type, props: { personaId: e.target.value || null } })}
          {...stop}
        >
          <option value="">{t.noPersona}</option>
          {personas.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <TldrawUiButton type="normal" data-testid="map-edit-structure" onClick={() => openMapEditor(editor, map.id)} {...stop}>
        <TldrawUiButtonIcon icon="edit" small />
        <TldrawUiButtonLabel>{t.editStagesAndLanes}</TldrawUiButtonLabel>
      </TldrawUiButton>
      <p className="jb-hint">{t.editHint}</p>
    </div>
  );
}

/** Attributes of the one selected journey item: touchpoint card, emotion point or map. */
export function InspectorPanel() {
  const editor = useEditor();
  // A drag changes the selected shape every frame; the inspector shows none of what it changes.
  const $selected = useComputed('only selected shape, apart from where it is', () => editor.getOnlySelectedShape(), { isEqual: sameApartFromPlacement }, [editor]);
  const selected = useValue($selected);
  const readonly = useValue('readonly', () => editor.getIsReadonly(), [editor]);
  if (!selected || readonly) return null;
  const body = inspectorFor(selected);
  return body ? <aside className="jb-inspector">{body}</aside> : null;
}

/** Equal for the inspector: the same shape with the same content (its place and z-order aside). */
function sameApartFromPlacement(a: TLShape | null, b: TLShape | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.id === b.id && a.type === b.type && a.props === b.props && a.meta === b.meta && a.isLocked === b.isLocked;
}

function inspectorFor(shape: TLShape) {
  if (shape.type === 'note') return <TouchpointEditor note={shape} />;
  if (shape.type === EMOTION_POINT_SHAPE) return <EmotionEditor point={shape} />;
  if (shape.type === JOURNEY_MAP_SHAPE) return <MapEditor map={shape} />;
  return null;
}
