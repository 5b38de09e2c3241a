import type { StepActivity } from '../../../shared/src/index.ts';
import type { AgendaMessages } from './agendaMessages.ts';

/** The message key naming each kind of step activity. */
export const ACTIVITY_LABELS: Record<StepActivity['kind'], keyof AgendaMessages> = {
  free: 'activityFree',
  discussion: 'activityDiscussion',
  private: 'activityPrivate',
  vote: 'activityVote',
  emotionScoring: 'activityEmotionScoring',
};
