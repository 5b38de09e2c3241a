import { useEffect } from 'react';
import { useValue } from 'tldraw';
import { BoardPage } from '../board/BoardPage.tsx';
import { HomePage } from '../home/HomePage.tsx';
import { useMessages } from '../i18n/useMessages.ts';
import { $uiLocale } from '../user/userPreferences.ts';
import { MessagePage } from './MessagePage.tsx';
import { useRoute } from './router.tsx';
import { useClientConfig } from './useClientConfig.ts';

export function App() {
  const route = useRoute();
  const messages = useMessages();
  const locale = useValue($uiLocale);
  const clientConfig = useClientConfig();

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  switch (route.page) {
    case 'home':
      return <HomePage />;
    case 'board':
      // Keyed so moving to another board tears down the previous board's connection entirely.
      return <BoardPage key={route.boardId} boardId={route.boardId} clientConfig={clientConfig} />;
    case 'notFound':
      return <MessagePage message={messages.pageNotFound} testId="page-not-found" />;
  }
}
