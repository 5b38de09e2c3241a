import { useState } from 'react';
import { useBoardContext } from '../board/boardContext.ts';
import { MetricBadges } from './MetricBadges.tsx';
import { useLiveDataMessages } from './liveDataMessages.ts';
import { ImportSection, MetricsUploadSection } from './UploadDialogs.tsx';
import { WebhooksSection } from './WebhooksSection.tsx';
import './liveData.css';

const stop = { onPointerDown: (e: React.PointerEvent) => e.stopPropagation() };

/** Live metric badges for everyone; import and metric upload for editors; webhooks for the facilitator. */
export function LiveDataOverlay({ boardId }: { boardId: string }) {
  const { session, role } = useBoardContext();
  const t = useLiveDataMessages();
  const [open, setOpen] = useState<'data' | 'webhooks' | null>(null);
  const canEdit = role === 'editor' || role === 'facilitator';
  return (
    <>
      <MetricBadges doc={session.connection.doc} />
      {canEdit ? (
        <div className="jb-livedata-menu" {...stop}>
          <button type="button" data-testid="livedata-button" aria-expanded={open === 'data'} onClick={() => setOpen(open === 'data' ? null : 'data')}>
            {t.dataIn}
          </button>
          {role === 'facilitator' ? (
            <button type="button" data-testid="webhooks-button" aria-expanded={open === 'webhooks'} onClick={() => setOpen(open === 'webhooks' ? null : 'webhooks')}>
              {t.webhooks}
            </button>
          ) : null}
        </div>
      ) : null}
      {open ? (
        <div className="jb-livedata-dialog" role="dialog" aria-label={open === 'data' ? t.dataIn : t.webhooks} {...stop}>
          {open === 'data' ? (
            <>
              <ImportSection boardId={boardId} />
              <MetricsUploadSection boardId={boardId} />
            </>
          ) : (
            <WebhooksSection boardId={boardId} />
          )}
          <button type="button" onClick={() => setOpen(null)}>
            {t.close}
          </button>
        </div>
      ) : null}
    </>
  );
}
