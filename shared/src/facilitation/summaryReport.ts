/** The workshop summary as Markdown, in English or German (board text escaped, so the file stays inert). */
import type { Locale } from '../api.ts';
import type { ActionItem } from '../journey/actions.ts';
import { markdownText } from '../journey/inertText.ts';
import type { WorkshopSummary } from './summary.ts';

const LABELS = {
  en: {
    heading: 'Workshop summary',
    started: 'Started',
    duration: 'Duration',
    minutes: 'min',
    participants: 'Participants',
    planned: 'planned',
    ran: 'ran',
    notRun: 'not run',
    votes: 'Vote results',
    vote: (n: number) => (n === 1 ? '1 vote' : `${n} votes`),
    emotions: 'Emotions (median, lowest to highest)',
    scores: (n: number) => (n === 1 ? '1 score' : `${n} scores`),
    comments: (n: number) => (n === 1 ? '1 comment thread opened' : `${n} comment threads opened`),
    decisions: 'Decisions',
    actions: 'Action items',
    none: 'None.',
    noOwner: 'no owner',
    due: 'due',
    done: 'done',
    running: 'still running',
    activity: { free: 'Free work', discussion: 'Discussion', private: 'Private brainstorming', vote: 'Dot vote', emotionScoring: 'Emotion scoring' },
  },
  de: {
    heading: 'Workshop-Zusammenfassung',
    started: 'Beginn',
    duration: 'Dauer',
    minutes: 'Min.',
    participants: 'Teilnehmende',
    planned: 'geplant',
    ran: 'gelaufen',
    notRun: 'nicht durchgeführt',
    votes: 'Abstimmungsergebnis',
    vote: (n: number) => (n === 1 ? '1 Stimme' : `${n} Stimmen`),
    emotions: 'Emotionen (Median, niedrigste bis höchste)',
    scores: (n: number) => (n === 1 ? '1 Bewertung' : `${n} Bewertungen`),
    comments: (n: number) => (n === 1 ? '1 Kommentar-Thread eröffnet' : `${n} Kommentar-Threads eröffnet`),
    decisions: 'Entscheidungen',
    actions: 'Aufgaben',
    none: 'Keine.',
    noOwner: 'ohne Verantwortliche',
    due: 'fällig',
    done: 'erledigt',
    running: 'läuft noch',
    activity: { free: 'Freies Arbeiten', discussion: 'Diskussion', private: 'Stilles Brainstorming', vote: 'Punkte-Abstimmung', emotionScoring: 'Emotionen bewerten' },
  },
} satisfies Record<Locale, unknown>;

type Labels = (typeof LABELS)[Locale];

function itemLine(item: ActionItem, t: Labels): string {
  const owner = item.owner === '' ? t.noOwner : markdownText(item.owner);
  const due = item.due ? `, ${t.due} ${item.due}` : '';
  const done = item.done ? ` (${t.done})` : '';
  return `- ${markdownText(item.text)} (${owner}${due})${done}`;
}

export function summaryToMarkdown(summary: WorkshopSummary, locale: Locale = summary.board.locale): string {
  const t = LABELS[locale];
  const lines: string[] = [`# ${t.heading}: ${markdownText(summary.board.title)}`, ''];
  const state = summary.status === 'running' ? ` (${t.running})` : '';
  lines.push(`${t.started}: ${summary.startedAt.slice(0, 16).replace('T', ' ')} UTC · ${t.duration}: ${summary.durationMinutes} ${t.minutes}${state}`, '');
  lines.push(`${t.participants}: ${summary.participants.length > 0 ? summary.participants.map(markdownText).join(', ') : t.none}`, '');
  summary.steps.forEach((step, index) => {
    lines.push(`## ${index + 1}. ${markdownText(step.title)}`, '');
    const ran = step.actualMinutes === null ? t.notRun : `${t.ran} ${step.actualMinutes} ${t.minutes}`;
    const activity = t.activity[step.activity];
    const area = step.area?.title ? ` · ${markdownText(step.area.title)}` : '';
    lines.push(`${activity}${area} · ${t.planned} ${step.plannedMinutes} ${t.minutes}, ${ran}`, '');
    for (const group of step.groups) {
      lines.push(`**${markdownText(group.label)}**`, '');
      for (const card of group.cards) lines.push(`- ${markdownText(card.text)}`);
      lines.push('');
    }
    if (step.votes) {
      lines.push(`**${t.votes}**`, '');
      step.votes.forEach((vote, rank) => lines.push(`${rank + 1}. ${markdownText(vote.text)}: ${t.vote(vote.votes)}`));
      lines.push('');
    }
    if (step.emotions && step.emotions.length > 0) {
      lines.push(`**${t.emotions}**`, '');
      for (const e of step.emotions) lines.push(`- ${markdownText(e.stage)}: ${e.median} (${e.min} … ${e.max}), ${t.scores(e.count)}`);
      lines.push('');
    }
    if (step.commentsOpened > 0) lines.push(t.comments(step.commentsOpened), '');
  });
  lines.push(`## ${t.decisions}`, '', ...(summary.decisions.length > 0 ? summary.decisions.map((d) => itemLine(d, t)) : [t.none]), '');
  lines.push(`## ${t.actions}`, '', ...(summary.actions.length > 0 ? summary.actions.map((a) => itemLine(a, t)) : [t.none]), '');
  return lines.join('\n');
}
