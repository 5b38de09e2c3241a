import type { BoardFanout, FanoutHandler, FanoutMessage } from './fanout.ts';

/**
 * Fan-out between instances living in one process (tests), and the single-instance
 * default: an instance never receives its own messages, so alone on its hub it
 * publishes into nothing.
 */
export class InProcessFanoutHub {
  private readonly members = new Set<InProcessFanout>();

  join(): InProcessFanout {
    const member = new InProcessFanout(this);
    this.members.add(member);
    return member;
  }

  leave(member: InProcessFanout): void {
    this.members.delete(member);
  }

  deliver(from: InProcessFanout, boardId: string, message: FanoutMessage): void {
    for (const member of this.members) if (member !== from) member.receive(boardId, message);
  }
}

export class InProcessFanout implements BoardFanout {
  private readonly handlers = new Map<string, Set<FanoutHandler>>();
  private readonly hub: InProcessFanoutHub;

  constructor(hub: InProcessFanoutHub) {
    this.hub = hub;
  }

  subscribe(boardId: string, handler: FanoutHandler): Promise<() => void> {
    const handlers = this.handlers.get(boardId) ?? new Set();
    handlers.add(handler);
    this.handlers.set(boardId, handlers);
    return Promise.resolve(() => {
      handlers.delete(handler);
      if (handlers.size === 0) this.handlers.delete(boardId);
    });
  }

  publish(boardId: string, message: FanoutMessage): void {
    this.hub.deliver(this, boardId, message);
  }

  receive(boardId: string, message: FanoutMessage): void {
    for (const handler of this.handlers.get(boardId) ?? []) handler(message);
  }

  onResync(): () => void {
    return () => undefined;
  }

  close(): Promise<void> {
    this.hub.leave(this);
    return Promise.resolve();
  }
}

/** The fan-out of a server that runs alone. */
export function standaloneFanout(): BoardFanout {
  return new InProcessFanoutHub().join();
}
