import './demoOffer.css';
import { useEffect, useState } from 'react';
import { TldrawUiButton, TldrawUiButtonLabel, useValue } from 'tldraw';
import { DemoOfferSchema, type CreateDemoBoardRequest } from '../../../shared/src/demo/demoApi.ts';
import { CreatedBoardSchema } from '../../../shared/src/index.ts';
import { describeError, requestJson } from '../api/apiClient.ts';
import { boardPath, navigate } from '../app/router.tsx';
import { formatMessage } from '../i18n/messages.ts';
import { fitContentOnNextOpen } from '../board/firstView.ts';
import { rememberBoard } from '../share/boardTokens.ts';
import { $uiLocale } from '../user/userPreferences.ts';
import { useHomeMessages } from './homeMessages.ts';

/**
 * "Open the demo board" on the home page of a fresh install (issue 23): shown while the server
 * has no board yet; the demo speaks the interface's language (which follows the browser's).
 */
export function DemoBoardOffer() {
  const t = useHomeMessages();
  const locale = useValue($uiLocale);
  const [offered, setOffered] = useState(false);
  const [opening, setOpening] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    requestJson('/api/demo-board', DemoOfferSchema)
      .then((offer) => current && setOffered(offer.offered))
      // Without the offer the home page is simply the usual one.
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);

  if (!offered) return null;

  async function open(): Promise<void> {
    setOpening(true);
    setFailure(null);
    try {
      const request: CreateDemoBoardRequest = { locale };
      const board = await requestJson('/api/demo-board', CreatedBoardSchema, { method: 'POST', body: JSON.stringify(request) });
      rememberBoard({ id: board.id, title: board.title, token: board.facilitatorToken });
      fitContentOnNextOpen(board.id);
      navigate(boardPath(board.id));
    } catch (error) {
      setFailure(describeError(error));
      setOpening(false);
    }
  }

  return (
    <section className="demo-offer" aria-labelledby="demo-offer-title" data-testid="demo-offer">
      <div className="demo-offer-text">
        <h2 id="demo-offer-title">{t.demoTitle}</h2>
        <p>{t.demoIntro}</p>
      </div>
      <TldrawUiButton type="normal" className="demo-offer-open" data-testid="demo-open" disabled={opening} onClick={() => void open()}>
        <TldrawUiButtonLabel>{opening ? t.demoOpening : t.demoOpen}</TldrawUiButtonLabel>
      </TldrawUiButton>
      {failure !== null ? <p role="alert">{formatMessage(t.demoFailed, { reason: failure })}</p> : null}
    </section>
  );
}
