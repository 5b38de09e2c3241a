import { useState } from 'react';
import { useEditor, useValue } from 'tldraw';
import { EMOTION_SCORE_MAX, EMOTION_SCORE_MIN, emotionLevelY, stepSummaries } from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { useBoardContext } from '../board/boardContext.ts';
import { formatMessage } from '../i18n/messages.ts';
import { $scoringOpen, adoptMedianCurve, journeyMaps, stepSlots } from './emotionScoring.ts';
import { putEmotionScore } from './facilitationApi.ts';
import { useFacilitationMessages } from './facilitationMessages.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { sessionSignals } from './sessionSignals.ts';

const SCORES = Array.from({ length: EMOTION_SCORE_MAX - EMOTION_SCORE_MIN + 1 }, (_, i) => EMOTION_SCORE_MIN + i);
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/**
 * Participant emotion scoring on every journey map with an emotions lane: a score (-2..+2) per
 * step for each participant, the median curve and spread of everyone's scores, and for the
 * facilitator a button that turns the median into the map's emotion curve.
 */
export function EmotionScoringLayer() {
  const editor = useEditor();
  const { session, role } = useBoardContext();
  const t = useFacilitationMessages();
  const open = useValue($scoringOpen);
  const scores = useValue(sessionSignals(session.connection.doc).$emotionScores);
  const voterId = useValue('voter id', () => editor.user.getId(), [editor]);
  const [error, setError] = useState<string | null>(null);
  const maps = useValue(
    'scored maps',
    () =>
      open
        ? journeyMaps(editor).map((map) => {
            const transform = editor.getShapePageTransform(map);
            const toViewport = (x: number, y: number) => editor.pageToViewport(transform.applyToPoint({ x, y }));
            return { map, slots: stepSlots(map).map((slot) => ({ ...slot, toViewport })) };
          })
        : [],
    [editor, open],
  );
  if (!open) return null;

  const score = (mapId: string, stageId: string, value: string) => {
    setError(null);
    putEmotionScore(session.connection.boardId, { mapId, stageId, voterId, score: value === '' ? null : Number(value) }).catch((e: unknown) => setError(describeError(e)));
  };

  return (
    <>
      {maps.map(({ map, slots }) => {
        const summaries = stepSummaries(scores, map.id);
        const medianPoints = slots.flatMap((slot) => {
          const summary = summaries.get(slot.stageId);
          if (!summary) return [];
          const at = (value: number) => slot.toViewport(slot.x, emotionLevelY(slot.laneTop, slot.laneHeight, value));
          return [{ slot, summary, median: at(summary.median), low: at(summary.min), high: at(summary.max) }];
        });
        const first = slots[0];
        return (
          <div key={map.id} data-testid="emotion-scoring" data-map-id={map.id}>
            <svg className="jb-median-curve" aria-hidden="true">
              <polyline points={medianPoints.map((p) => `${p.median.x},${p.median.y}`).join(' ')} />
              {medianPoints.map((p) => (
                <line key={p.slot.stageId} x1={p.low.x} y1={p.low.y} x2={p.high.x} y2={p.high.y} />
              ))}
            </svg>
            {medianPoints.map((p) => (
              <span
                key={p.slot.stageId}
                className="jb-median-dot"
                style={{ left: p.median.x, top: p.median.y }}
                data-testid="emotion-median"
                data-stage-id={p.slot.stageId}
                data-median={p.summary.median}
                title={formatMessage(t.medianSummary, { step: p.slot.label, median: signed(p.summary.median), min: signed(p.summary.min), max: signed(p.summary.max), count: p.summary.count })}
              />
            ))}
            {role !== 'viewer'
              ? slots.map((slot) => {
                  const at = slot.toViewport(slot.x, slot.laneTop);
                  const mine = scores.find((s) => s.mapId === map.id && s.stageId === slot.stageId && s.voterId === voterId);
                  return (
                    <select
                      key={slot.stageId}
                      className="jb-emotion-score"
                      style={{ left: at.x, top: at.y }}
                      aria-label={formatMessage(t.yourScore, { step: slot.label })}
                      data-testid="emotion-score"
                      data-stage-id={slot.stageId}
                      value={mine ? String(mine.score) : ''}
                      onPointerDown={(e) => e.stopPropagation()}
                      onChange={(e) => score(map.id, slot.stageId, e.target.value)}
                    >
                      <option value="">{t.noScore}</option>
                      {SCORES.map((value) => (
                        <option key={value} value={value}>
                          {signed(value)}
                        </option>
                      ))}
                    </select>
                  );
                })
              : null}
            {role === 'facilitator' && first && medianPoints.length > 0 ? (
              <button
                type="button"
                className="jb-adopt-median"
                style={{ left: first.toViewport(0, first.laneTop).x, top: first.toViewport(0, first.laneTop).y }}
                data-testid="adopt-median"
                onPointerDown={(e) => e.stopPropagation()}
                onClick={() => adoptMedianCurve(editor, map, summaries)}
              >
                {t.adoptMedian}
              </button>
            ) : null}
          </div>
        );
      })}
      <FailureNotice error={error} className="jb-vote-error" />
    </>
  );
}
