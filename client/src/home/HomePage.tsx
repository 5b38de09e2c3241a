import { useState, type FormEvent } from 'react';
import { useValue } from 'tldraw';
import { createBoard, describeError } from '../api/apiClient.ts';
import { PortfolioView } from '../portfolio/PortfolioView.tsx';
import { DemoBoardOffer } from './DemoBoardOffer.tsx';
import { rememberBoard } from '../share/boardTokens.ts';
import { LanguageToggle } from '../app/LanguageToggle.tsx';
import { boardPath, navigate } from '../app/router.tsx';
import { formatMessage } from '../i18n/messages.ts';
import { useMessages } from '../i18n/useMessages.ts';
import { $uiLocale } from '../user/userPreferences.ts';

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
    <form className="create-board" onSubmit={(event) => void submit(event)}>
      <h2>{messages.createBoardHeading}</h2>
      <label htmlFor="create-board-title">{messages.createBoardTitleLabel}</label>
      <div className="create-board-row">
        <input
          id="create-board-title"
          data-testid="create-board-title"
          value={title}
          maxLength={200}
          required
          placeholder={messages.createBoardTitlePlaceholder}
          onChange={(event) => setTitle(event.target.value)}
        />
        <button type="submit" data-testid="create-board-submit" disabled={submitting || title.trim() === ''}>
          {submitting ? messages.createBoardSubmitting : messages.createBoardSubmit}
        </button>
      </div>
      {failure !== null && <p role="alert">{formatMessage(messages.createBoardFailed, { reason: failure })}</p>}
    </form>
  );
}

export function HomePage() {
  const messages = useMessages();
  return (
    <main className="home-page">
      <header className="home-header">
        <h1>{messages.appName}</h1>
        <LanguageToggle />
      </header>
      <p className="home-intro">{messages.homeIntro}</p>
      <DemoBoardOffer />
      <section aria-labelledby="boards-heading">
        <h2 id="boards-heading">{messages.homeTitle}</h2>
        <PortfolioView />
      </section>
      <CreateBoardForm />
    </main>
  );
}
