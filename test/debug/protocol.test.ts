/** The message schema: every valid message passes unchanged; anything else is refused with the path of the bad field. */
import '../helpers/property.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { ClientMessage } from '../../src/debug/protocol.js';
import { MAX_WATCH_BYTES, decodeClientMessage, decodeServerMessage } from '../../src/debug/protocol.js';
import { open, FIB } from './fixtures.js';

const index = fc.integer({ min: 0, max: 0xffffffff });
const simple = ['continue', 'pause', 'step', 'stepOver', 'stepOut', 'restart', 'stepBack', 'continueBack'] as const;

/** Every kind of valid client message. */
const clientMessages: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.constantFrom(...simple).map((type) => ({ type })),
  index.map((pc) => ({ type: 'runToCursor' as const, pc })),
  fc.record({ type: fc.constant('breakpoint' as const), pc: index, enabled: fc.boolean() }),
  fc.record({ type: fc.constant('lineBreakpoint' as const), line: fc.integer({ min: 1, max: 0xffffffff }), enabled: fc.boolean() }),
  fc.record({ type: fc.constant('watchpoint' as const), address: index, length: fc.integer({ min: 1, max: MAX_WATCH_BYTES }), enabled: fc.boolean() }),
  index.map((address) => ({ type: 'memory' as const, address })),
  fc.string({ maxLength: 256 }).map((context) => ({ type: 'focus' as const, context })),
  fc.record({ type: fc.constant('load' as const), source: fc.string({ maxLength: 200 }), input: fc.string({ maxLength: 50 }) }),
).map((message) => ({ ...message })); // plain objects, as JSON.parse makes them

test('property: every valid client message decodes to itself', () => {
  fc.assert(
    fc.property(clientMessages, (message) => {
      const decoded = decodeClientMessage(JSON.stringify(message));
      assert.ok(decoded.ok, decoded.ok ? '' : decoded.error);
      assert.deepEqual(decoded.value, message);
    }),
  );
});

test('property: the decoder never throws, whatever arrives', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v))), (raw) => {
      const decoded = decodeClientMessage(raw);
      if (!decoded.ok) assert.match(decoded.error, /^(message|malformed|message is)/);
    }),
    { numRuns: 500 },
  );
});

test('property: a valid message with one field spoiled is refused, naming that field', () => {
  const spoilers = fc.constantFrom<unknown>(null, -1, 1.5, 'x', [], {}, true, 2 ** 40);
  fc.assert(
    fc.property(clientMessages.filter((m) => Object.keys(m).length > 1), spoilers, fc.nat(), (message, bad, pick) => {
      const fields = Object.keys(message).filter((key) => key !== 'type');
      const field = fields[pick % fields.length];
      const spoiled: Record<string, unknown> = { ...message, [field]: bad };
      const decoded = decodeClientMessage(JSON.stringify(spoiled));
      // Some spoilers are valid for some fields (a boolean for `enabled`, a string for `source`).
      if (decoded.ok) assert.deepEqual(decoded.value, spoiled);
      else assert.match(decoded.error, new RegExp(`^message\\.${field}: `));
    }),
  );
});

test('malformed messages are refused with what and where', () => {
  const refused = (raw: string): string => {
    const decoded = decodeClientMessage(raw);
    assert.ok(!decoded.ok);
    return decoded.error;
  };
  assert.match(refused('{'), /^message is not JSON: /);
  assert.match(refused('[]'), /^message\.type: expected one of continue, pause, step, /);
  assert.match(refused('{"type":"warp"}'), /^message\.type: expected one of /);
  assert.equal(refused('{"type":"memory"}'), 'message.address: expected a whole number from 0 to 4294967295');
  assert.equal(refused('{"type":"watchpoint","address":0,"length":5000,"enabled":true}'), `message.length: expected a whole number from 1 to ${MAX_WATCH_BYTES}`);
  assert.equal(refused('{"type":"pause","now":true}'), 'message.now: unknown field');
  assert.equal(refused('{"type":"breakpoint","pc":1,"enabled":"yes"}'), 'message.enabled: expected true or false');
  assert.match(refused(' '.repeat((1 << 24) + 1)), /^message is longer than/);
});

test('what a session sends passes the decoder the page uses', () => {
  const { messages, send } = open(FIB);
  send({ type: 'step' });
  send({ type: 'watchpoint', address: 0, length: 4, enabled: true });
  for (const message of messages) {
    const decoded = decodeServerMessage(JSON.stringify(message));
    assert.ok(decoded.ok, decoded.ok ? '' : decoded.error);
    assert.deepEqual(decoded.value, message);
  }
  const bad = decodeServerMessage('{"type":"state","state":{"mode":"flying"}}');
  assert.ok(!bad.ok && bad.error.startsWith('message.state.'));
});
