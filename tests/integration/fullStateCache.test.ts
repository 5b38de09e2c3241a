import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardTexts, putCard } from '../support/boardContent.ts';
import { createBoard, logMessagesOf, startServer, type RunningServer } from '../support/server.ts';
import { connectClient, waitFor, waitForSynced, type TestClient } from '../support/yClients.ts';

/**
 * A loaded board keeps its whole document encoded for newcomers (first the stored snapshot, then
 * what it encodes), and lets go of that copy when nobody has joined for ROOM_FULL_STATE_CACHE_MS or
 * the board changed: newcomers must get the whole board, as it is now, either way.
 */
describe('the encoded copy of a loaded board', () => {
  let server: RunningServer;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    server = await startServer({ env: { LOG_LEVEL: 'debug', ROOM_FULL_STATE_CACHE_MS: '200', ROOM_IDLE_UNLOAD_MS: '200' } });
  });
  afterAll(async () => {
    for (const client of clients) client.destroy();
    await server.stop();
  });

  const join = async (boardId: string): Promise<TestClient> => {
    const client = connectClient(server.wsUrl, boardId);
    clients.push(client);
    await waitForSynced(client);
    return client;
  };
  const logOf = (boardId: string): string[] => logMessagesOf(server, boardId);

  it('is released a while after the last newcomer, and newcomers before and after get the whole board as it is', async () => {
    const boardId = await createBoard(server.url, 'Claims journey');
    const writer = await join(boardId);
    for (let i = 0; i < 20; i++) putCard(writer.doc, `c${i}`, `Card ${i}`);
    await waitForSynced(writer);
    writer.destroy();
    await waitFor(() => logOf(boardId).includes('unloaded idle board'), () => logOf(boardId).join(', '));

    // Loaded again from its snapshot: the first newcomer is served the stored bytes.
    const first = await join(boardId);
    expect(cardTexts(first.doc, 'c')).toHaveLength(20);
    await waitFor(() => logOf(boardId).includes('released the encoded board'), () => logOf(boardId).join(', '));

    const second = await join(boardId);
    expect(cardTexts(second.doc, 'c')).toHaveLength(20);
    putCard(first.doc, 'c20', 'Written after the release');
    await waitFor(() => cardTexts(second.doc, 'c').includes('Written after the release'), () => cardTexts(second.doc, 'c').join(', '));

    const third = await join(boardId);
    expect(cardTexts(third.doc, 'c')).toHaveLength(21);
    expect(cardTexts(third.doc, 'c')).toContain('Written after the release');
    putCard(second.doc, 'c21', 'Written while the copy was fresh');
    await waitFor(() => cardTexts(third.doc, 'c').length === 22, () => cardTexts(third.doc, 'c').join(', '));
    const fourth = await join(boardId);
    expect(cardTexts(fourth.doc, 'c')).toHaveLength(22);
  });
});
