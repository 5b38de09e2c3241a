import { useEffect, useState, type FormEvent } from 'react';
import { TldrawUiButton, TldrawUiButtonLabel, useValue } from 'tldraw';
import { createBoard, describeError } from '../api/apiClient.ts';
import { PortfolioView } from '../portfolio/PortfolioView.tsx';
import { DemoBoardOffer } from './DemoBoardOffer.tsx';
import { rememberBoard } from '../share/boardTokens.ts';
import { LanguageToggle } from '../app/LanguageToggle.tsx';
import { boardPath, navigate } from '../app/router.tsx';
import { formatMessage } from '../i18n/messages.ts';
import { useMessages } from '../i18n/useMessages.ts';
import { $uiLocale, currentUser } from '../user/userPreferences.ts';
import './homePage.css';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** tldraw's theme class for the page, from the same preference the board's canvas follows. */
function useThemeClass(): string {
  const scheme = useValue('color scheme', () => currentUser.userPreferences.get().colorScheme ?? 'light', []);
  const [systemDark, setSystemDark] = useState(() => window.matchMedia(DARK_QUERY).matches);
  useEffect(() => {
    const query = window.matchMedia(DARK_QUERY);
    const follow = () => setSystemDark(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);
  const dark = scheme === 'dark' || (scheme === 'system' && systemDark);
  return dark ? 'tl-theme__dark' : 'tl-theme__light';
}

function CreateBoardForm() {
  const messages = useMessages();
  const locale = useValue($uiLocale);
  const [title, setTitle] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    setSubmitting(true);
    setFailure(null);
    try {
      const board = await createBoard({ title: title.trim(), locale });
      // The creator is the facilitator: keep the facilitator link in this browser.
      rememberBoard({ id: board.id, title: board.title, token: board.facilitatorToken });
      navigate(boardPath(board.id));
    } catch (error) {
      setFailure(describeError(error));
      setSubmitting(false);
    }
  }

  return (
    <form className="jb-home-create" onSubmit={(event) => void submit(event)}>
      <div className="jb-home-create-row">
        <h2>{messages.createBoardHeading}</h2>
        <label htmlFor="create-board-title" className="jb-visually-hidden">
          {messages.createBoardTitleLabel}
        </label>
        <input
          id="create-board-title"
          className="jb-field"
          data-testid="create-board-title"
          value={title}
          maxLength={200}
          required
          placeholder={messages.createBoardTitlePlaceholder}
          onChange={(event) => setTitle(event.target.value)}
        />
        <TldrawUiButton type="primary" htmlButtonType="submit" data-testid="create-board-submit" disabled={submitting || title.trim() === ''}>
          <TldrawUiButtonLabel>{submitting ? messages.createBoardSubmitting : messages.createBoardSubmit}</TldrawUiButtonLabel>
        </TldrawUiButton>
      </div>
      {failure !== null && <p role="alert">{formatMessage(messages.createBoardFailed, { reason: failure })}</p>}
    </form>
  );
}

export function HomePage() {
  const messages = useMessages();
  const theme = useThemeClass();
  return (
    <div className={`jb-home ${theme}`}>
      <main className="jb-home-main">
        <header className="jb-home-header">
          <div>
            <h1>{messages.appName}</h1>
            <p className="jb-home-intro">{messages.homeIntro}</p>
          </div>
          <LanguageToggle />
        </header>
        <DemoBoardOffer />
        <CreateBoardForm />
        <section aria-labelledby="boards-heading">
          <h2 id="boards-heading">{messages.homeTitle}</h2>
          <PortfolioView />
        </section>
      </main>
    </div>
  );
}
