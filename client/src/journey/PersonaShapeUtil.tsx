import { BaseBoxShapeUtil, HTMLContainer, useEditor, useValue } from 'tldraw';
import { PERSONA_SHAPE, type PersonaProps } from '../../../shared/src/index.ts';
import { useJourneyMessages, type JourneyMessages } from './journeyMessages.ts';
import { personaProps, type PersonaShape } from './shapeTypes.ts';

const FIELDS: { key: Exclude<keyof PersonaProps, 'w' | 'h' | 'name'>; label: keyof JourneyMessages }[] = [
  { key: 'demographics', label: 'personaDemographics' },
  { key: 'job', label: 'personaJob' },
  { key: 'pains', label: 'personaPains' },
  { key: 'goals', label: 'personaGoals' },
  { key: 'informationBehaviour', label: 'personaInformation' },
];

const stop = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation() };

function PersonaView({ shape }: { shape: PersonaShape }) {
  const editor = useEditor();
  const t = useJourneyMessages();
  const isEditing = useValue('editing persona', () => editor.getEditingShapeId() === shape.id, [editor, shape.id]);
  const update = (change: Partial<PersonaProps>) => editor.updateShape<PersonaShape>({ id: shape.id, type: shape.type, props: change });
  return (
    <HTMLContainer
      className="jb-persona"
      data-testid="persona-card"
      style={{ width: shape.props.w, height: shape.props.h, pointerEvents: isEditing ? 'all' : 'none' }}
    >
      <div className="jb-persona-kicker">{t.persona}</div>
      {isEditing ? (
        <input className="jb-persona-name" aria-label={t.personaName} value={shape.props.name} onChange={(e) => update({ name: e.target.value })} {...stop} />
      ) : (
        <div className="jb-persona-name">{shape.props.name || t.personaName}</div>
      )}
      {FIELDS.map(({ key, label }) => (
        <label key={key} className="jb-persona-field">
          <span>{t[label]}</span>
          {isEditing ? (
            <textarea aria-label={t[label]} value={shape.props[key]} onChange={(e) => update({ [key]: e.target.value })} {...stop} />
          ) : (
            <p>{shape.props[key]}</p>
          )}
        </label>
      ))}
    </HTMLContainer>
  );
}

/** A persona card (Persona): the fictive customer a journey map is drawn for. */
export class PersonaShapeUtil extends BaseBoxShapeUtil<PersonaShape> {
  static override type = PERSONA_SHAPE;
  static override props = personaProps;

  override getDefaultProps(): PersonaShape['props'] {
    return { w: 320, h: 480, name: '', demographics: '', job: '', pains: '', goals: '', informationBehaviour: '' };
  }

  override canEdit(): boolean {
    return true;
  }

  override component(shape: PersonaShape) {
    return <PersonaView shape={shape} />;
  }

  override getIndicatorPath(shape: PersonaShape) {
    const path = new Path2D();
    path.rect(0, 0, shape.props.w, shape.props.h);
    return path;
  }

  override getText(shape: PersonaShape): string {
    return [shape.props.name, ...FIELDS.map(({ key }) => shape.props[key])].join('\n');
  }
}
