import { LANE_SET_IDS, LANE_SETS, type LaneSetId } from '../../../shared/src/index.ts';
import { useJourneyMessages, useUiLocale } from '../journey/journeyMessages.ts';

/** Picks the lanes a new journey map starts with. */
export function LaneSetSelect({ value, onChange, testId }: { value: LaneSetId; onChange: (laneSet: LaneSetId) => void; testId: string }) {
  const t = useJourneyMessages();
  const locale = useUiLocale();
  return (
    <label className="jb-field">
      <span>{t.laneSet}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as LaneSetId)}>
        {LANE_SET_IDS.map((id) => (
          <option key={id} value={id}>
            {LANE_SETS[id].name[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
