import { TldrawUiButton, TldrawUiButtonLabel, useValue } from 'tldraw';
import { LOCALES } from '../../../shared/src/index.ts';
import { useMessages } from '../i18n/useMessages.ts';
import { $uiLocale, setUiLocale } from '../user/userPreferences.ts';

export function LanguageToggle() {
  const messages = useMessages();
  const current = useValue($uiLocale);
  return (
    <div className="language-toggle" role="group" aria-label={messages.languageLabel}>
      {LOCALES.map((locale) => (
        <TldrawUiButton
          key={locale}
          type="low"
          lang={locale}
          aria-pressed={locale === current}
          isActive={locale === current}
          data-testid={`language-${locale}`}
          onClick={() => setUiLocale(locale)}
        >
          <TldrawUiButtonLabel>{locale.toUpperCase()}</TldrawUiButtonLabel>
        </TldrawUiButton>
      ))}
    </div>
  );
}
