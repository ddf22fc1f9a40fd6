/**
 * Writing the session's messages to a server-sent event stream with backpressure: a client that
 * does not read gets no more writes until its stream drains; meanwhile only the latest message of
 * each type is held for it (a state is complete, so older ones are not needed), so memory stays bounded.
 */
import type { ServerMessage } from '../protocol.js';

/** The part of a response the writer uses. */
export interface EventSink {
  /** Writes a chunk; false when the client is not keeping up. */
  write(chunk: string): boolean;
  /** Registers `listener` for when the client has caught up. */
  on(event: 'drain', listener: () => void): unknown;
}

/** A function that sends one message to `sink`, holding back while the sink is full. */
export function eventWriter(sink: EventSink): (message: ServerMessage) => void {
  let held: Map<ServerMessage['type'], ServerMessage> | undefined;
  const write = (message: ServerMessage): void => {
    if (held !== undefined) return void held.set(message.type, message);
    if (!sink.write(`data: ${JSON.stringify(message)}\n\n`)) held = new Map();
  };
  sink.on('drain', () => {
    const pending = [...(held?.values() ?? [])];
    held = undefined;
    for (const message of pending) write(message);
  });
  return write;
}
