/** The tracing hook: every instruction of every execution, nested ones included, with its message depth. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { VmTraceEvent } from '../../src/vmc/types.js';
import { address } from '../../src/vmc/mocked-host.js';
import { createExvmVm } from '../../src/vmc/vms/exvm.js';
import { exampleImage, execute, hostFor } from './vms-harness.js';
import { exvm as cli } from '../cli/cli.js';

describe('the exvm connector VM tracing hook', () => {
  test('sees the caller at depth 0 and the account it calls at depth 1, in order', () => {
    const vm = createExvmVm();
    const events: VmTraceEvent[] = [];
    vm.setTracer?.((event) => events.push(event));
    const host = hostFor(vm);
    const echo = address(0xec);
    host.setAccount(echo, { code: exampleImage('echo.exa') });
    execute(vm, host, exampleImage('caller.exa'), { input: new Uint8Array([...echo, ...new TextEncoder().encode('hi')]) });
    const depths = events.map((event) => event.depth);
    assert.equal(depths[0], 0);
    assert.ok(depths.includes(1), 'the nested execution is traced');
    const firstNested = depths.indexOf(1);
    assert.ok(depths.slice(firstNested).includes(0), 'the caller goes on after the call returns');
    for (const event of events) {
      assert.equal(typeof event.op, 'string');
      assert.ok(Number.isInteger(event.pc) && event.gas >= 0 && Array.isArray(event.stack));
    }
  });

  test('a removed tracer sees nothing more, and tracing does not change the result', () => {
    const vm = createExvmVm();
    let count = 0;
    const image = exampleImage('storage.exa');
    const plain = execute(vm, hostFor(vm), image);
    vm.setTracer?.(() => count++);
    const traced = execute(vm, hostFor(vm), image);
    assert.ok(count > 0);
    vm.setTracer?.(null);
    const seen = count;
    execute(vm, hostFor(vm), image);
    assert.equal(count, seen);
    assert.deepEqual([traced.statusCode, traced.gasLeft, [...traced.output]], [plain.statusCode, plain.gasLeft, [...plain.output]]);
  });
});

describe('exvm vmc run --trace', () => {
  test('writes one JSON line per guest instruction to stderr', () => {
    const result = cli(['vmc', 'run', '--trace', 'examples/connector/storage.exa']);
    assert.equal(result.status, 0);
    assert.match(result.stdout, /Result: {3}success/);
    const lines = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as VmTraceEvent);
    assert.ok(lines.length > 3);
    assert.deepEqual(Object.keys(lines[0]).sort(), ['depth', 'gas', 'op', 'pc', 'stack']);
  });

  test('a VM without a tracing hook is a usage error', () => {
    const result = cli(['vmc', 'run', '--vm', 'example_vm', '--trace', '00']);
    assert.notEqual(result.status, 0);
    assert.match(result.stderr, /--trace: the VM example_vm has no tracing hook/);
    assert.doesNotMatch(result.stderr, / {4}at /);
  });
});
