import { useState } from 'react';
import { useValue } from 'tldraw';
import { boardPath, Link } from '../app/router.tsx';
import { format } from '../journey/journeyMessages.ts';
import { $uiLocale } from '../user/userPreferences.ts';
import { fetchOpenActions } from './portfolioApi.ts';
import type { PortfolioMessages } from './portfolioMessages.ts';
import { useDebouncedLoad } from './useDebouncedLoad.ts';

/** Typing an owner asks the server once the typing pauses, not on every key. */
const OWNER_FILTER_DELAY_MS = 300;

/** Today as YYYY-MM-DD in the visitor's own time zone: a due date is a calendar day, not an instant. */
export function localDay(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Due before today; due today is not overdue yet. */
export function isOverdue(due: string | null, today: string): boolean {
  return due !== null && due < today;
}

/** "Jan 10, 2027" or "10.01.2027": the calendar day as written, never shifted by the time zone. */
export function formatDueDate(due: string, locale: string): string {
  const [year, month, day] = due.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}

const loadForOwner = async (owner: string) => ({ owner, actions: await fetchOpenActions(owner) });

/** Open action items of every board this visitor can see, soonest due first, filtered by owner. */
export function OpenActions({ t }: { t: PortfolioMessages }) {
  const locale = useValue($uiLocale);
  const [owner, setOwner] = useState('');
  const state = useDebouncedLoad(owner.trim(), loadForOwner, OWNER_FILTER_DELAY_MS);
  const today = localDay(new Date());
  return (
    <>
      <div className="portfolio-filters">
        <label>
          {t.actionOwnerFilter}
          <input
            className="jb-field"
            type="search"
            data-testid="action-owner"
            value={owner}
            placeholder={t.actionOwnerPlaceholder}
            onChange={(e) => setOwner(e.target.value)}
          />
        </label>
        {state.status === 'loaded' ? (
          <p className="portfolio-muted portfolio-count" aria-live="polite" data-testid="action-count">
            {state.value.actions.length === 1 ? t.actionCountOne : format(t.actionCount, { count: state.value.actions.length })}
          </p>
        ) : null}
      </div>
      {state.status === 'loading' ? <p>{t.loading}</p> : null}
      {state.status === 'failed' ? <p role="alert">{format(t.failed, { reason: state.reason })}</p> : null}
      {state.status === 'loaded' ? (
        state.value.actions.length === 0 ? (
          <p data-testid="action-empty">{state.value.owner ? format(t.noActionsForOwner, { owner: state.value.owner }) : t.noActions}</p>
        ) : (
          <div className="portfolio-table-wrap">
            <table className="portfolio-table" data-testid="action-list" aria-label={t.actionsTab}>
              <thead>
                <tr>
                  <th scope="col">{t.action}</th>
                  <th scope="col">{t.owner}</th>
                  <th scope="col">{t.due}</th>
                  <th scope="col">{t.board}</th>
                </tr>
              </thead>
              <tbody>
                {state.value.actions.map((row) => {
                  const overdue = isOverdue(row.due, today);
                  return (
                    <tr key={`${row.boardId}/${row.cardId}`} data-testid="action-row" data-overdue={overdue || undefined}>
                      <td data-testid="action-text">{row.text}</td>
                      <td data-testid="action-owner-name">{row.owner || <span className="portfolio-muted">{t.noOwner}</span>}</td>
                      <td data-testid="action-due" className={overdue ? 'portfolio-overdue' : undefined}>
                        {row.due === null ? (
                          <span className="portfolio-muted">{t.noDueDate}</span>
                        ) : (
                          <>
                            <time dateTime={row.due}>{formatDueDate(row.due, locale)}</time>
                            {overdue ? <span className="portfolio-overdue-badge">{t.overdue}</span> : null}
                          </>
                        )}
                      </td>
                      <td>
                        <Link to={boardPath(row.boardId)} data-testid="action-board-link">
                          {row.boardTitle || t.openBoard}
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}
