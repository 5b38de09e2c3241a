export * from './emotionScores.ts';
export * from './privateMode.ts';
export * from './session.ts';
export * from './timer.ts';
export * from './votes.ts';
export * from './journeyVotes.ts';
