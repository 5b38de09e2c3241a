import { TldrawUiButton, useEditor, useValue } from 'tldraw';
import { formatChrome, useChromeMessages } from './chromeMessages.ts';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  return parts.length === 1 ? parts[0]!.slice(0, 2).toUpperCase() : `${parts[0]![0]}${parts[parts.length - 1]![0]}`.toUpperCase();
}

const MAX_SHOWN = 5;

/** Who is on the board: one avatar per person; a click follows that person's view (again: stops). */
export function PresenceAvatars() {
  const editor = useEditor();
  const t = useChromeMessages();
  const people = useValue(
    'presence avatars',
    () => {
      const seen = new Set<string>();
      return editor
        .getCollaborators()
        .filter((presence) => (seen.has(presence.userId) ? false : (seen.add(presence.userId), true)))
        .map((presence) => ({ userId: presence.userId, name: presence.userName, color: presence.color }));
    },
    [editor],
  );
  const followingUserId = useValue('following user', () => editor.getInstanceState().followingUserId, [editor]);
  if (people.length === 0) return null;
  const shown = people.slice(0, MAX_SHOWN);
  return (
    <div className="jb-avatars" role="group" aria-label={t.people} data-testid="presence-avatars">
      {shown.map((person) => {
        const following = person.userId === followingUserId;
        const label = formatChrome(following ? t.stopFollowing : t.followPerson, { name: person.name || '?' });
        return (
          <TldrawUiButton
            key={person.userId}
            type="icon"
            className="jb-avatar"
            data-testid="presence-avatar"
            data-following={following || undefined}
            aria-pressed={following}
            title={label}
            style={{ '--jb-avatar-color': person.color } as React.CSSProperties}
            onClick={() => (following ? editor.stopFollowingUser() : editor.startFollowingUser(person.userId))}
          >
            <span className="jb-avatar-face" aria-hidden="true">
              {initials(person.name)}
            </span>
          </TldrawUiButton>
        );
      })}
      {people.length > MAX_SHOWN ? <span className="jb-avatar-more">+{people.length - MAX_SHOWN}</span> : null}
    </div>
  );
}
