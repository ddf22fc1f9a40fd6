import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assemble, describeLibraries } from '../../src/asm/index.js';
import { Machine } from '../../src/machine/machine.js';
import type { NativeLibrary } from '../../src/machine/natives.js';
import { Status } from '../../src/isa/status.js';

describe('assembled programs run on the machine', () => {
  it('a loop computing 1 + 2 + ... + 100', () => {
    const program = assemble(`
      .const N 100
      .entry main
      main:   push 0          ; sum
              push N          ; i
      loop:   dup
              jz done
              dup             ; sum i i
              rot             ; i i sum
              add             ; i sum'
              swap            ; sum' i
              addi -1
              jmp loop
      done:   pop
              halt`);
    const machine = new Machine(program);
    assert.equal(machine.run(), Status.Halted);
    assert.equal(machine.exitCode, 5050);
  });

  it('a string in data printed through a fake native library', () => {
    const printed: string[] = [];
    const libraries: NativeLibrary[] = [
      { name: 'io', functions: [{ name: 'print_str', fn: (ctx) => {
        const length = ctx.popInt();
        printed.push(ctx.readString(ctx.popInt(), length));
      } }] },
    ];
    const program = assemble(
      `.data
      greeting: .string "héllo, world\\n"
      .text
          push greeting
          push sizeof(greeting)
          ncall print_str
          push 0
          halt`,
      { libraries: describeLibraries(libraries) },
    );
    const machine = new Machine(program, { libraries });
    assert.equal(machine.run(), Status.Halted);
    assert.deepEqual(printed, ['héllo, world\n']);
  });

  it('a call with a frame and a float constant', () => {
    const program = assemble(`
          push 7
          call square
          pushf 0.5
          ftoi            ; 0
          add
          halt
      square:
          enter 1, 0
          lget 0
          lget 0
          mul
          ret 1`);
    const machine = new Machine(program);
    assert.equal(machine.run(), Status.Halted);
    assert.equal(machine.exitCode, 49);
  });

  it('a positional library from the seed form, called by index', () => {
    const calls: number[] = [];
    const libraries: NativeLibrary[] = [{ name: 'anything', functions: [
      { name: 'func1', fn: () => calls.push(1) },
      { name: 'func2', fn: (ctx) => calls.push(ctx.popInt()) },
    ] }];
    const program = assemble('push 42\nncall 0.func2\nncall func1\npush 0\nhalt', { libraries: { libraries: [{ name: '', functions: ['func1', 'func2'] }] } });
    const machine = new Machine(program, { libraries });
    assert.equal(machine.run(), Status.Halted);
    assert.deepEqual(calls, [42, 1]);
  });
});
