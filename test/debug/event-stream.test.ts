/** A client that does not read its event stream gets no more writes until it drains, and then only the latest messages. */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { eventWriter } from '../../src/debug/node/event-stream.js';
import type { ServerMessage } from '../../src/debug/protocol.js';
import { FOREVER, open } from './fixtures.js';

test('a stalled stream holds only the latest target and state, and gets them when it drains', () => {
  const { session, send } = open(FOREVER);
  const chunks: string[] = [];
  let full = true;
  const sink = Object.assign(new EventEmitter(), { write: (chunk: string) => (chunks.push(chunk), !full) });
  const unsubscribe = session.subscribe(eventWriter(sink));
  assert.equal(chunks.length, 1, 'the first write filled the stream: the state after it is held');
  for (let i = 0; i < 500; i++) send({ type: 'step' });
  assert.equal(chunks.length, 1, 'nothing more was written while the client did not read');
  full = false;
  sink.emit('drain');
  const delivered = chunks.slice(1).map((chunk) => JSON.parse(chunk.slice('data: '.length)) as ServerMessage);
  assert.deepEqual(delivered.map((message) => message.type), ['state']);
  assert.equal(delivered[0].type === 'state' && delivered[0].state.time, 500, 'the latest state');
  send({ type: 'step' });
  assert.equal(chunks.length, 3, 'writes go on once drained');
  unsubscribe();
});
