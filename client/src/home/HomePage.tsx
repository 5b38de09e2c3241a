import { useEffect, useState, type FormEvent } from 'react';
import { useValue } from 'tldraw';
import type { Board } from '../../../shared/src/index.ts';
import { ApiRequestError, createBoard, describeError, listBoards } from '../api/apiClient.ts';
import { knownBoards, rememberBoard } from '../share/boardTokens.ts';
import { LanguageToggle } from '../app/LanguageToggle.tsx';
import { boardPath, Link, navigate } from '../app/router.tsx';
import { formatMessage } from '../i18n/messages.ts';
import { useMessages } from '../i18n/useMessages.ts';
import { $uiLocale } from '../user/userPreferences.ts';

type ListedBoard = Pick<Board, 'id' | 'title'> & { createdAt?: string };
type BoardListState = { status: 'loading' } | { status: 'loaded'; boards: ListedBoard[] } | { status: 'failed' };

/** Boards this browser holds share links for, for servers that do not list boards to everyone. */
function boardsOfThisBrowser(): ListedBoard[] {
  return knownBoards().map(({ id, title }) => ({ id, title: title || id }));
}

function BoardList() {
  const messages = useMessages();
  const locale = useValue($uiLocale);
  const [state, setState] = useState<BoardListState>({ status: 'loading' });

  useEffect(() => {
    let cancelled = false;
    listBoards().then(
      (boards) => {
        if (cancelled) return;
        const listed = new Set(boards.map((b) => b.id));
        setState({ status: 'loaded', boards: [...boards, ...boardsOfThisBrowser().filter((b) => !listed.has(b.id))] });
      },
      (error: unknown) => {
        if (cancelled) return;
        // Servers that require share links list boards only to administrators.
        if (error instanceof ApiRequestError && error.status === 401) setState({ status: 'loaded', boards: boardsOfThisBrowser() });
        else setState({ status: 'failed' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  if (state.status === 'loading') return <p>{messages.boardListLoading}</p>;
  if (state.status === 'failed') return <p role="alert">{messages.boardListFailed}</p>;
  if (state.boards.length === 0) return <p>{messages.boardListEmpty}</p>;

  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  return (
    <ul className="board-list" data-testid="board-list">
      {state.boards.map((board) => (
        <li key={board.id}>
          <Link to={boardPath(board.id)}>{board.title}</Link>
          {board.createdAt ? (
            <time dateTime={board.createdAt}>
              {formatMessage(messages.boardCreatedOn, { date: dateFormat.format(new Date(board.createdAt)) })}
            </time>
          ) : null}
        </li>
      ))}
    </ul>
  );
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
      <section aria-labelledby="boards-heading">
        <h2 id="boards-heading">{messages.homeTitle}</h2>
        <BoardList />
      </section>
      <CreateBoardForm />
    </main>
  );
}
