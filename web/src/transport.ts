/**
 * How the page talks to a debug session: to the exvm debug server (server-sent events in, POST
 * out) or to a session running in the page itself (the playground). Either way every message is
 * JSON checked by the shared schema on receipt.
 */
import type { ClientMessage, ServerMessage } from '../../src/debug/protocol.js';
import { decodeServerMessage } from '../../src/debug/protocol.js';
import { DebugSession } from '../../src/debug/session.js';
import { sourceTarget } from '../../src/debug/playground.js';

/** Sends the page's requests. */
export interface Transport {
  send(message: ClientMessage): void;
}

/** Asks the server for a one-time URL for another browser; the answer (an invite or an error) goes to `receive`. */
export function requestInvite(receive: Receiver): void {
  fetch('api/invite', { method: 'POST' })
    .then(async (response) => deliver(await response.text(), receive))
    .catch((error: unknown) => receive({ type: 'error', message: `request failed: ${String(error)}` }));
}

/** Receives checked messages. */
export type Receiver = (message: ServerMessage) => void;

/** Checks a raw message; a malformed one becomes an error message for the page. */
function deliver(raw: string, receive: Receiver): void {
  const decoded = decodeServerMessage(raw);
  receive(decoded.ok ? decoded.value : { type: 'error', message: `ignored a malformed message: ${decoded.error}` });
}

/** Attaches to the exvm debug server that served the page. */
export function serverTransport(receive: Receiver): Transport {
  const events = new EventSource('api/events');
  events.onmessage = (event: MessageEvent<string>) => deliver(event.data, receive);
  // The browser retries a dropped stream by itself, but not a refused one (it is then CLOSED).
  events.onerror = () => receive({ type: 'error', message: events.readyState === EventSource.CLOSED ? 'the debugger refused or closed the connection: reload the page (or open a new invite link)' : 'lost the connection to the debugger (retrying)' });
  return {
    send: (message) => {
      fetch('api/command', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) })
        .then(async (response) => {
          if (!response.ok) deliver(await response.text(), receive);
        })
        .catch((error: unknown) => receive({ type: 'error', message: `request failed: ${String(error)}` }));
    },
  };
}

/** Runs a session in the page: the playground. */
export function localTransport(source: string, receive: Receiver): Transport {
  const session = new DebugSession(sourceTarget(source), { loader: (text, input) => sourceTarget(text, input) });
  session.subscribe((message) => deliver(JSON.stringify(message), receive));
  return { send: (message) => session.receive(JSON.stringify(message), (reply) => deliver(JSON.stringify(reply), receive)) };
}
