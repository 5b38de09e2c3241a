/**
 * Running the agenda: each facilitator command moves the workshop state and switches the steps'
 * activities on and off (timer, private mode, dot vote), all in the server-owned session map, so
 * every participant, a late joiner included, reads the same step from the board itself.
 */
import { randomUUID } from 'node:crypto';
import {
  applyTimerCommand,
  nextStepIndex,
  SessionKey,
  type AgendaStep,
  type VoteRound,
  type WorkshopCommand,
  type WorkshopState,
} from '../../../shared/src/index.ts';
import { HttpError } from '../http/errors.ts';
import type { Room } from '../rooms/room.ts';
import type { BallotBox } from './ballotBox.ts';
import { shapeArea } from './boardShapes.ts';
import { readSession, writeSession } from './sessionState.ts';
import { revealVoteRound, startVoteRound } from './voteRounds.ts';

export interface WorkshopRunDeps {
  ballots: BallotBox;
  now: () => number;
  onRoundRevealed?: (boardId: string, round: VoteRound) => void;
}

const MAX_PARTICIPANTS = 500;

/** Display names of the people on the board now (tldraw presence in their awareness state). */
function namesOnBoard(room: Room): string[] {
  const names: string[] = [];
  for (const state of room.awareness.getStates().values()) {
    const presence = (state as { presence?: { userName?: unknown } } | null)?.presence;
    const name = typeof presence?.userName === 'string' ? presence.userName.trim().slice(0, 80) : '';
    if (name !== '') names.push(name);
  }
  return names;
}

function withParticipants(workshop: WorkshopState, room: Room): WorkshopState {
  const participants = [...new Set([...workshop.participants, ...namesOnBoard(room)])].slice(0, MAX_PARTICIPANTS);
  return { ...workshop, participants };
}

function enterStep(room: Room, step: AgendaStep, at: number): string | null {
  writeSession(room.doc, SessionKey.timer, applyTimerCommand(null, { action: 'start', durationMs: step.timeboxMs }, at));
  const activity = step.activity;
  if (activity.kind === 'private' && !readSession(room.doc, SessionKey.privateMode)) {
    writeSession(room.doc, SessionKey.privateMode, { batch: randomUUID(), since: at });
  }
  if (activity.kind === 'vote') {
    const area = step.area ? shapeArea(room.doc, step.area) : null;
    const round = startVoteRound(room.doc, { budget: activity.budget, allowMultiplePerCard: activity.allowMultiplePerCard, scope: area ? { kind: 'area', ...area } : { kind: 'board' } });
    return round.id;
  }
  return null;
}

async function leaveStep(room: Room, step: AgendaStep | undefined, voteRoundId: string | null, deps: WorkshopRunDeps): Promise<void> {
  if (!step) return;
  if (step.activity.kind === 'private' && step.activity.revealAtEnd) writeSession(room.doc, SessionKey.privateMode, null);
  if (step.activity.kind === 'vote' && step.activity.revealAtEnd && voteRoundId) {
    const round = (readSession(room.doc, SessionKey.votes) ?? []).find((r) => r.id === voteRoundId);
    if (round?.status === 'open') deps.onRoundRevealed?.(room.boardId, await revealVoteRound(room.doc, room.boardId, voteRoundId, deps.ballots));
  }
}

/**
 * Applies one facilitator command to the board's workshop; returns the new state and, when the
 * command ended the workshop, says so (the caller sends the summary).
 */
export async function runWorkshopCommand(room: Room, command: WorkshopCommand, deps: WorkshopRunDeps): Promise<{ workshop: WorkshopState; ended: boolean }> {
  const agenda = readSession(room.doc, SessionKey.agenda);
  const current = readSession(room.doc, SessionKey.workshop);
  const steps = agenda?.steps ?? [];
  if (command.action === 'start' && current?.status === 'running') throw new HttpError(409, 'conflict', 'the workshop is already running; end it before starting again');
  const target = nextStepIndex(command, current, steps.length);
  if ('problem' in target) throw new HttpError(command.action === 'start' ? 400 : 409, command.action === 'start' ? 'bad_request' : 'conflict', target.problem);
  const at = deps.now();
  // Checked before anything changes: a refused command leaves the workshop as it was.
  const entering = command.action === 'extend' || command.action === 'end' ? undefined : steps[target.index];
  if (entering?.activity.kind === 'vote') {
    const running = command.action === 'start' ? undefined : current?.runs.at(-1);
    const leaving = steps.find((s) => s.id === running?.stepId);
    const revealedOnLeaving = leaving?.activity.kind === 'vote' && leaving.activity.revealAtEnd ? running?.voteRoundId : undefined;
    const open = (readSession(room.doc, SessionKey.votes) ?? []).find((r) => r.status === 'open' && r.id !== revealedOnLeaving);
    if (open) throw new HttpError(409, 'conflict', `vote round ${open.number} is still open: reveal it before a voting step starts`);
  }

  if (command.action === 'extend') {
    const timer = applyTimerCommand(readSession(room.doc, SessionKey.timer), { action: 'add', ms: command.ms }, at);
    writeSession(room.doc, SessionKey.timer, timer);
    return { workshop: withParticipants(current as WorkshopState, room), ended: false };
  }

  // Close the step in progress: its run ends now and its activity ends as the facilitator chose.
  let workshop: WorkshopState =
    command.action === 'start' || !current
      ? { runId: randomUUID(), status: 'running', startedAt: at, endedAt: null, stepIndex: 0, runs: [], participants: [] }
      : current;
  const openRun = workshop.runs.at(-1);
  if (command.action !== 'start' && openRun && openRun.endedAt === null) {
    await leaveStep(room, steps.find((s) => s.id === openRun.stepId), openRun.voteRoundId, deps);
    workshop = { ...workshop, runs: [...workshop.runs.slice(0, -1), { ...openRun, endedAt: at }] };
  }

  if (command.action === 'end') {
    writeSession(room.doc, SessionKey.timer, null);
    workshop = withParticipants({ ...workshop, status: 'ended', endedAt: at }, room);
    writeSession(room.doc, SessionKey.workshop, workshop);
    return { workshop, ended: true };
  }

  const step = steps[target.index] as AgendaStep;
  const voteRoundId = enterStep(room, step, at);
  workshop = withParticipants(
    { ...workshop, stepIndex: target.index, runs: [...workshop.runs, { stepId: step.id, title: step.title, startedAt: at, endedAt: null, voteRoundId }].slice(-500) },
    room,
  );
  writeSession(room.doc, SessionKey.workshop, workshop);
  return { workshop, ended: false };
}
