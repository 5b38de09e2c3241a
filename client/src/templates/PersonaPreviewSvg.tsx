import { useJourneyMessages } from '../journey/journeyMessages.ts';

/** The persona card's fields, as the card lays them out. */
export function PersonaPreviewSvg({ width, height }: { width: number; height: number }) {
  const t = useJourneyMessages();
  const fields = [t.personaDemographics, t.personaJob, t.personaPains, t.personaGoals, t.personaInformation];
  return (
    <svg className="jb-canvas-svg" width={width} height={height} viewBox="0 0 320 480" preserveAspectRatio="xMidYMin meet" role="img" aria-label={t.persona}>
      <rect x={2} y={2} width={316} height={476} fill="#ffffff" stroke="#343a40" strokeWidth={4} rx={10} />
      <text x={20} y={44} className="jb-canvas-title">
        {t.persona}
      </text>
      {fields.map((label, i) => (
        <g key={label}>
          <text x={20} y={100 + i * 76} className="jb-canvas-region-label">
            {label}
          </text>
          <rect x={20} y={112 + i * 76} width={280} height={30} fill="#f1f3f5" rx={4} />
        </g>
      ))}
    </svg>
  );
}
