import type { ReactNode } from 'react';
import { useFacilitationMessages, type FacilitationMessages } from './facilitationMessages.ts';
import type { ReactionKind } from './reactions.ts';

/**
 * Reactions are drawn here rather than taken from the system's emoji font: a machine without
 * one (many Linux desktops, kiosks) showed empty boxes. Each icon is a 24×24 picture with fixed
 * colours, outlined so it reads on tldraw's light and dark canvas alike.
 */

const OUTLINE = '#1d1d1d';
const FACE = '#ffd43b';

const face = (
  <circle cx="12" cy="12" r="10" fill={FACE} stroke={OUTLINE} strokeWidth="1.5" />
);

const DRAWINGS: Readonly<Record<ReactionKind, ReactNode>> = {
  thumbsUp: (
    <>
      <rect x="2.5" y="10" width="4.5" height="11" rx="1" fill="#4263eb" stroke={OUTLINE} strokeWidth="1.5" />
      <path
        d="M7 10.5 11.2 3.6c1.5-.2 2.7 1 2.4 2.6L13 9.5h6.2a2 2 0 0 1 2 2.4l-1.4 7.3a2.2 2.2 0 0 1-2.2 1.8H7z"
        fill={FACE}
        stroke={OUTLINE}
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </>
  ),
  heart: (
    <path
      d="M12 20.5 3.9 12.6a5 5 0 0 1 7.1-7.1l1 1 1-1a5 5 0 0 1 7.1 7.1z"
      fill="#fa5252"
      stroke={OUTLINE}
      strokeWidth="1.5"
      strokeLinejoin="round"
    />
  ),
  laugh: (
    <>
      {face}
      <path d="M6.8 9.6q1.4-1.8 2.8 0M14.4 9.6q1.4-1.8 2.8 0" fill="none" stroke={OUTLINE} strokeWidth="1.5" strokeLinecap="round" />
      <path d="M6.5 12.8h11a5.5 5.5 0 0 1-11 0z" fill="#c92a2a" stroke={OUTLINE} strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M8.4 15.6q3.6 2 7.2 0" fill="none" stroke="#ffa8a8" strokeWidth="1.5" strokeLinecap="round" />
    </>
  ),
  celebrate: (
    <>
      <path d="M3 21 8 7.5 16.5 16z" fill="#f59f00" stroke={OUTLINE} strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M5.2 15 9 18.6M6.8 10.8l5.6 5.4" stroke="#e8590c" strokeWidth="1.5" strokeLinecap="round" />
      <circle cx="14" cy="4" r="1.4" fill="#be4bdb" />
      <circle cx="20" cy="9" r="1.4" fill="#12b886" />
      <circle cx="18.5" cy="3.5" r="1.1" fill="#4263eb" />
      <path d="M11.5 8.5q1-3 4-3.4M15.5 12.5q2.5-1.8 5.5-.6" fill="none" stroke="#fa5252" strokeWidth="1.5" strokeLinecap="round" />
    </>
  ),
  thinking: (
    <>
      {face}
      <circle cx="8.8" cy="10" r="1.2" fill={OUTLINE} />
      <circle cx="15.2" cy="10" r="1.2" fill={OUTLINE} />
      <path d="M13.6 6.6 16.8 6" fill="none" stroke={OUTLINE} strokeWidth="1.5" strokeLinecap="round" />
      <path d="M9 15.6 15 14.4" fill="none" stroke={OUTLINE} strokeWidth="1.5" strokeLinecap="round" />
      <path d="M4.5 19.5q2.5-1.5 4.3.2" fill="#f59f00" stroke={OUTLINE} strokeWidth="1.5" strokeLinecap="round" />
    </>
  ),
};

/** What each reaction is called for screen readers and tooltips, in the interface language. */
export function reactionName(t: FacilitationMessages, kind: ReactionKind): string {
  const names: Record<ReactionKind, string> = {
    thumbsUp: t.reactionThumbsUp,
    heart: t.reactionHeart,
    laugh: t.reactionLaugh,
    celebrate: t.reactionCelebrate,
    thinking: t.reactionThinking,
  };
  return names[kind];
}

export interface ReactionIconProps {
  kind: ReactionKind;
  /** Width and height in CSS pixels; 20 by default. */
  size?: number;
}

/**
 * One reaction as an inline SVG with an accessible name (role="img"), so a button that holds
 * only the icon is named by it.
 */
export function ReactionIcon({ kind, size = 20 }: ReactionIconProps) {
  const name = reactionName(useFacilitationMessages(), kind);
  return (
    <svg
      className="jb-reaction-icon"
      data-reaction={kind}
      role="img"
      aria-label={name}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      focusable="false"
      style={{ display: 'inline-block', verticalAlign: 'middle', flex: 'none' }}
    >
      <title>{name}</title>
      {DRAWINGS[kind]}
    </svg>
  );
}
