import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { WEBHOOK_EVENTS, type WebhookDelivery, type WebhookEvent, type WebhookList } from '../../../shared/src/index.ts';
import { describeError } from '../api/apiClient.ts';
import { format } from '../journey/journeyMessages.ts';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, testWebhook } from './liveDataApi.ts';
import { useLiveDataMessages, type LiveDataMessages } from './liveDataMessages.ts';

const EVENT_LABEL: Record<WebhookEvent, keyof LiveDataMessages> = {
  'journey.changed': 'eventJourney',
  'comment.created': 'eventComment',
  'vote.results': 'eventVote',
  'workshop.ended': 'eventWorkshopEnded',
};

function statusText(t: LiveDataMessages, delivery: WebhookDelivery): string {
  if (delivery.status === 'delivered') return t.statusDelivered;
  if (delivery.status === 'failed') return t.statusFailed;
  return format(t.statusPending, { time: delivery.nextAttemptAt ? new Date(delivery.nextAttemptAt).toLocaleTimeString() : '—' });
}

/** The facilitator's webhooks of this board and their delivery log. */
export function WebhooksSection({ boardId }: { boardId: string }) {
  const t = useLiveDataMessages();
  const [list, setList] = useState<WebhookList | null>(null);
  const [deliveries, setDeliveries] = useState<WebhookDelivery[]>([]);
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>([...WEBHOOK_EVENTS]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [hooks, log] = await Promise.all([listWebhooks(boardId), listDeliveries(boardId)]);
      setList(hooks);
      setDeliveries(log);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [boardId]);

  useEffect(() => {
    void refresh();
    // The log changes as retries run: follow it while the panel is open.
    const timer = setInterval(() => void refresh(), 5000);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      await refresh();
    } catch (e) {
      setError(describeError(e));
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      await createWebhook(boardId, { url, secret, events });
      setUrl('');
      setSecret('');
    });
  };

  return (
    <section aria-label={t.webhooks} data-testid="webhooks-section">
      <h3>{t.webhooks}</h3>
      {list && !list.enabled ? <p className="jb-livedata-hint" data-testid="webhooks-disabled">{t.webhooksDisabled}</p> : null}
      {error ? <p role="alert" className="jb-livedata-problems">{format(t.failed, { reason: error })}</p> : null}
      {list?.webhooks.length === 0 ? <p className="jb-livedata-hint">{t.noWebhooks}</p> : null}
      <ul>
        {list?.webhooks.map((webhook) => (
          <li key={webhook.id} className="jb-livedata-row" data-testid="webhook">
            <code>{webhook.url}</code>
            <span>{webhook.events.map((e) => t[EVENT_LABEL[e]]).join(', ')}</span>
            <button type="button" onClick={() => void act(() => testWebhook(boardId, webhook.id))}>{t.testWebhook}</button>
            <button type="button" onClick={() => void act(() => deleteWebhook(boardId, webhook.id))}>{t.removeWebhook}</button>
          </li>
        ))}
      </ul>
      {list?.enabled ? (
        <form onSubmit={submit} className="jb-livedata-row">
          <label>
            {t.webhookUrl}
            <input data-testid="webhook-url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://" />
          </label>
          <label>
            {t.webhookSecret}
            <input data-testid="webhook-secret" type="password" required minLength={16} value={secret} onChange={(e) => setSecret(e.target.value)} />
          </label>
          <fieldset>
            <legend>{t.webhookEvents}</legend>
            {WEBHOOK_EVENTS.map((event) => (
              <label key={event} className="jb-livedata-row">
                <input
                  type="checkbox"
                  checked={events.includes(event)}
                  onChange={(e) => setEvents(e.target.checked ? [...events, event] : events.filter((x) => x !== event))}
                />
                {t[EVENT_LABEL[event]]}
              </label>
            ))}
          </fieldset>
          <button type="submit" data-testid="webhook-add" disabled={events.length === 0}>{t.addWebhook}</button>
        </form>
      ) : null}
      <div className="jb-livedata-row">
        <h3>{t.deliveryLog}</h3>
        <button type="button" onClick={() => void refresh()}>{t.refresh}</button>
      </div>
      {deliveries.length === 0 ? (
        <p className="jb-livedata-hint">{t.noDeliveries}</p>
      ) : (
        <table className="jb-livedata-table" data-testid="delivery-log">
          <thead>
            <tr>
              <th>{t.deliveryTime}</th>
              <th>{t.deliveryEvent}</th>
              <th>{t.deliveryStatus}</th>
              <th>{t.deliveryAttempts}</th>
              <th>{t.deliveryResult}</th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>{new Date(d.createdAt).toLocaleString()}</td>
                <td>{d.event}</td>
                <td className={`jb-delivery-${d.status}`}>{statusText(t, d)}</td>
                <td>{d.attempts}</td>
                <td>{d.lastError ?? (d.lastStatus === null ? '—' : String(d.lastStatus))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
