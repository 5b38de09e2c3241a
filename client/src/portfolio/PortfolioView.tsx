import { useEffect, useMemo, useState } from 'react';
import { useValue } from 'tldraw';
import {
  CHANNEL_LABELS,
  CHANNELS,
  metricStatus,
  type Channel,
  type PortfolioBoard,
  type TouchpointFilter,
  type TouchpointRow,
} from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { boardPath, Link } from '../app/router.tsx';
import { format } from '../journey/journeyMessages.ts';
import { $uiLocale } from '../user/userPreferences.ts';
import { downloadTouchpointsCsv, fetchPortfolioBoards, fetchTouchpoints } from './portfolioApi.ts';
import { usePortfolioMessages, type PortfolioMessages } from './portfolioMessages.ts';
import './portfolio.css';

type Load<T> = { status: 'loading' } | { status: 'loaded'; value: T } | { status: 'failed'; reason: string };
type BoardFilter = 'all' | 'maps' | 'comments' | 'targets';

const contains = (text: string, part: string) => text.toLocaleLowerCase().includes(part.trim().toLocaleLowerCase());

function Boards({ t }: { t: PortfolioMessages }) {
  const locale = useValue($uiLocale);
  const [state, setState] = useState<Load<PortfolioBoard[]>>({ status: 'loading' });
  const [search, setSearch] = useState('');
  const [show, setShow] = useState<BoardFilter>('all');
  useEffect(() => {
    let cancelled = false;
    fetchPortfolioBoards().then(
      (value) => !cancelled && setState({ status: 'loaded', value }),
      (error: unknown) => !cancelled && setState({ status: 'failed', reason: describeError(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);
  if (state.status === 'loading') return <p>{t.loading}</p>;
  if (state.status === 'failed') return <p role="alert">{format(t.failed, { reason: state.reason })}</p>;
  if (state.value.length === 0) return <p>{t.noBoards}</p>;
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const boards = state.value.filter((board) => {
    const s = board.summary;
    if (search && !contains([board.title, ...(s?.personas ?? [])].join('\n'), search)) return false;
    if (show === 'maps') return (s?.maps ?? 0) > 0;
    if (show === 'comments') return (s?.openComments ?? 0) > 0;
    if (show === 'targets') return (s?.missedTargets ?? 0) > 0;
    return true;
  });
  return (
    <>
      <div className="portfolio-filters">
        <label>
          {t.search}
          <input data-testid="portfolio-search" value={search} placeholder={t.searchPlaceholder} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          {t.show}
          <select data-testid="portfolio-show" value={show} onChange={(e) => setShow(e.target.value as BoardFilter)}>
            <option value="all">{t.allBoards}</option>
            <option value="maps">{t.withMaps}</option>
            <option value="comments">{t.withOpenComments}</option>
            <option value="targets">{t.withMissedTargets}</option>
          </select>
        </label>
      </div>
      <div className="portfolio-table-wrap">
        <table className="portfolio-table" data-testid="board-list">
          <thead>
            <tr>
              <th>{t.board}</th>
              <th>{t.persona}</th>
              <th>{t.maps}</th>
              <th>{t.stages}</th>
              <th>{t.cards}</th>
              <th>{t.emotion}</th>
              <th>{t.openComments}</th>
              <th>{t.missedTargets}</th>
              <th>{t.lastActivity}</th>
            </tr>
          </thead>
          <tbody>
            {boards.map((board) => {
              const s = board.summary;
              return (
                <tr key={board.id} data-testid="portfolio-board">
                  <td>
                    <Link to={boardPath(board.id)}>{board.title}</Link>
                  </td>
                  {s ? (
                    <>
                      <td>{s.personas.join(', ')}</td>
                      <td>{s.maps}</td>
                      <td>{s.stages}</td>
                      <td>{s.cards}</td>
                      <td>{s.averageEmotion === null ? '—' : numbers.format(s.averageEmotion)}</td>
                      <td>{s.openComments}</td>
                      <td className={s.missedTargets > 0 ? 'portfolio-missed' : undefined}>{s.missedTargets}</td>
                    </>
                  ) : (
                    <td colSpan={7} className="portfolio-muted">
                      {t.notIndexed}
                    </td>
                  )}
                  <td>
                    <time dateTime={board.updatedAt}>{dates.format(new Date(board.updatedAt))}</time>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Touchpoints({ t }: { t: PortfolioMessages }) {
  const locale = useValue($uiLocale);
  const [filter, setFilter] = useState<TouchpointFilter>({});
  const [state, setState] = useState<Load<TouchpointRow[]>>({ status: 'loading' });
  const set = (patch: Partial<TouchpointFilter>) => setFilter((current) => {
    const next: Record<string, unknown> = { ...current, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '' || next[key] === false) delete next[key];
    return next;
  });
  const query = useMemo(() => JSON.stringify(filter), [filter]);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      fetchTouchpoints(JSON.parse(query) as TouchpointFilter).then(
        (value) => !cancelled && setState({ status: 'loaded', value }),
        (error: unknown) => !cancelled && setState({ status: 'failed', reason: describeError(error) }),
      );
    }, 200);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query]);
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  return (
    <>
      <div className="portfolio-filters">
        <label>
          {t.search}
          <input data-testid="touchpoint-search" value={filter.search ?? ''} onChange={(e) => set({ search: e.target.value })} />
        </label>
        <label>
          {t.owner}
          <input data-testid="touchpoint-owner" value={filter.owner ?? ''} onChange={(e) => set({ owner: e.target.value })} />
        </label>
        <label>
          {t.channel}
          <select data-testid="touchpoint-channel" value={filter.channel ?? ''} onChange={(e) => set({ channel: (e.target.value || undefined) as Channel | undefined })}>
            <option value="">{t.anyChannel}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c][locale]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.momentOfTruth}
          <select
            data-testid="touchpoint-moment"
            value={filter.momentOfTruth ?? ''}
            onChange={(e) => set({ momentOfTruth: (e.target.value || undefined) as TouchpointFilter['momentOfTruth'] })}
          >
            <option value="">{t.anyMoment}</option>
            <option value="any">{t.someMoment}</option>
            <option value="first">{t.first}</option>
            <option value="second">{t.second}</option>
            <option value="none">{t.none}</option>
          </select>
        </label>
        <label>
          {t.emotionBelow}
          <select
            data-testid="touchpoint-emotion"
            value={filter.emotionBelow === undefined ? '' : String(filter.emotionBelow)}
            onChange={(e) => set({ emotionBelow: e.target.value === '' ? undefined : Number(e.target.value) })}
          >
            <option value="">{t.noLimit}</option>
            {[2, 1, 0, -1].map((v) => (
              <option key={v} value={v}>
                {numbers.format(v)}
              </option>
            ))}
          </select>
        </label>
        <label className="portfolio-check">
          <input type="checkbox" data-testid="touchpoint-misses" checked={filter.missesTarget ?? false} onChange={(e) => set({ missesTarget: e.target.checked })} />
          {t.missesTarget}
        </label>
        <button type="button" data-testid="touchpoint-export" onClick={() => void downloadTouchpointsCsv(filter)}>
          {t.exportCsv}
        </button>
      </div>
      {state.status === 'loading' ? <p>{t.loading}</p> : null}
      {state.status === 'failed' ? <p role="alert">{format(t.failed, { reason: state.reason })}</p> : null}
      {state.status === 'loaded' ? (
        state.value.length === 0 ? (
          <p>{t.noTouchpoints}</p>
        ) : (
          <div className="portfolio-table-wrap">
            <p className="portfolio-muted" data-testid="touchpoint-count">{format(t.count, { count: state.value.length })}</p>
            <table className="portfolio-table" data-testid="touchpoint-list">
              <thead>
                <tr>
                  <th>{t.touchpoint}</th>
                  <th>{t.board}</th>
                  <th>{t.stage}</th>
                  <th>{t.channel}</th>
                  <th>{t.owner}</th>
                  <th>{t.momentOfTruth}</th>
                  <th>{t.emotion}</th>
                  <th>{t.metrics}</th>
                </tr>
              </thead>
              <tbody>
                {state.value.map((row) => (
                  <tr key={`${row.boardId}/${row.cardId}`} data-testid="touchpoint-row">
                    <td>{row.text}</td>
                    <td>
                      <Link to={boardPath(row.boardId)}>{row.boardTitle}</Link> · {row.mapTitle}
                    </td>
                    <td>{row.stage}</td>
                    <td>{row.channel ? CHANNEL_LABELS[row.channel][locale] : '—'}</td>
                    <td>{row.owner}</td>
                    <td>{row.momentOfTruth === 'first' ? t.first : row.momentOfTruth === 'second' ? t.second : ''}</td>
                    <td>{row.emotion === null ? '—' : numbers.format(row.emotion)}</td>
                    <td>
                      {row.liveMetrics.map((m) => (
                        <span key={m.name} className={`portfolio-metric portfolio-metric-${metricStatus(m)}`}>
                          {m.name} {m.value}
                          {m.unit}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
    </>
  );
}

/** The home page's portfolio: every board the visitor may see with its journey figures, and every touchpoint across them. */
export function PortfolioView() {
  const t = usePortfolioMessages();
  const [tab, setTab] = useState<'boards' | 'touchpoints'>('boards');
  return (
    <div className="portfolio">
      <div className="portfolio-tabs" role="tablist">
        <button type="button" role="tab" aria-selected={tab === 'boards'} data-testid="portfolio-tab-boards" onClick={() => setTab('boards')}>
          {t.boardsTab}
        </button>
        <button type="button" role="tab" aria-selected={tab === 'touchpoints'} data-testid="portfolio-tab-touchpoints" onClick={() => setTab('touchpoints')}>
          {t.touchpointsTab}
        </button>
      </div>
      {tab === 'boards' ? <Boards t={t} /> : <Touchpoints t={t} />}
    </div>
  );
}
