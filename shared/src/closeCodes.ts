/**
 * WebSocket close codes the sync server uses. 4xxx codes mirror the HTTP status a
 * similar REST failure would get, so operators can read them without a table.
 * Codes in PERMANENT_CLOSE_CODES mean "reconnecting will not help".
 */
export const CloseCode = {
  /** Server is shutting down or restarting; reconnect later. */
  GoingAway: 1001,
  /** The standard "message too big" code ws sends when a frame exceeds the size limit. */
  MessageTooBig: 1009,
  InvalidBoardId: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  UnknownBoard: 4404,
  /** Idle too long, or never completed the sync handshake. */
  Timeout: 4408,
  /** The client could not keep up with the board's updates (its send buffer grew too large). */
  SlowConsumer: 4409,
  MessageTooLarge: 4413,
  MalformedMessage: 4422,
  RateLimited: 4429,
  BoardFull: 4430,
  InternalError: 4500,
} as const;

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

export const PERMANENT_CLOSE_CODES: ReadonlySet<number> = new Set<number>([
  CloseCode.InvalidBoardId,
  CloseCode.Unauthorized,
  CloseCode.Forbidden,
  CloseCode.UnknownBoard,
  // The client would resend the same bytes on reconnect: stop and show the reason instead of looping.
  CloseCode.MessageTooBig,
  CloseCode.MessageTooLarge,
  CloseCode.MalformedMessage,
]);

/** WebSocket close reasons are limited to 123 bytes of UTF-8. */
export function truncateCloseReason(reason: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(reason).length <= 123) return reason;
  let result = reason;
  while (encoder.encode(`${result}…`).length > 123) result = result.slice(0, -1);
  return `${result}…`;
}
