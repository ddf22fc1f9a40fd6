import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assemble } from '../../src/asm/index.js';
import { withinLimits } from '../../src/asm/diagnostics.js';
import { MAX_EXPRESSION_DEPTH } from '../../src/asm/expression.js';
import { AsmError } from '../../src/errors.js';
import { encodeImage } from '../../src/image/codec.js';
import { Op } from '../../src/isa/opcodes.js';
import { asm, diagnosticsOf, instructions } from './helpers.js';

/** `.const c0 1`, `.const cI c(I-1) + 1` up to `cN`, in the given order of definition. */
function constantChain(n: number, reversed: boolean): string {
  const lines = Array.from({ length: n + 1 }, (_, i) => (i === 0 ? '.const c0 1' : `.const c${i} c${i - 1} + 1`));
  return (reversed ? lines.reverse() : lines).join('\n');
}

describe('assemble: deep and long input', () => {
  it('accepts parentheses nested up to the limit', () => {
    const depth = MAX_EXPRESSION_DEPTH;
    assert.deepEqual(instructions(asm(`push ${'('.repeat(depth)}7${')'.repeat(depth)}`)), [[Op.PUSH, 7]]);
  });

  it('reports parentheses nested 5000 deep at the first one past the limit', () => {
    const source = `push ${'('.repeat(5000)}1${')'.repeat(5000)}`;
    assert.deepEqual(diagnosticsOf(source), [`1:${6 + MAX_EXPRESSION_DEPTH}: expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`]);
  });

  it('counts unary operators as nesting too', () => {
    assert.deepEqual(instructions(asm(`push ${'-'.repeat(MAX_EXPRESSION_DEPTH)}3`)), [[Op.PUSH, 3]]);
    assert.deepEqual(diagnosticsOf(`push ${'-('.repeat(3000)}1`), [`1:${6 + MAX_EXPRESSION_DEPTH}: expression nested too deeply (more than ${MAX_EXPRESSION_DEPTH} levels)`]);
  });

  it('evaluates a flat sum of 10,000 terms', () => {
    assert.deepEqual(instructions(asm(`push 0${'+1'.repeat(10_000)}`)), [[Op.PUSH, 10_000]]);
    assert.deepEqual(instructions(asm(`.const x 3\npush 0${'+x-1'.repeat(10_000)}`)), [[Op.PUSH, 20_000]]);
  });

  it('reports every undefined name in a long sum, not just the first', () => {
    assert.deepEqual(diagnosticsOf('push a + 1 - b'), ["1:6: undefined name 'a'", "1:14: undefined name 'b'"]);
  });

  it('resolves a chain of 3000 constants in either order of definition', () => {
    for (const reversed of [false, true]) {
      assert.deepEqual(instructions(asm(`${constantChain(3000, reversed)}\npush c3000`)), [[Op.PUSH, 3001]]);
    }
  });

  it('resolves a long constant chain while laying out data', () => {
    const program = asm(`${constantChain(3000, true)}\n.data\n.zero c3000 - 3000\nend: .byte 1\n.text\npush end`);
    assert.deepEqual(instructions(program), [[Op.PUSH, 1]]);
  });

  it('reports a cycle through a long constant chain once', () => {
    const source = `${constantChain(3000, false).replace('.const c0 1', '.const c0 c3000')}\npush c3000`;
    assert.deepEqual(diagnosticsOf(source), ["1:11: circular definition: constant 'c3000' depends on itself"]);
  });

  it('turns an exhausted stack into an AsmError (the last-resort safety net)', () => {
    const endless = (n: number): number => endless(n + 1) + 1;
    assert.throws(
      () => withinLimits('deep.asm', () => endless(0)),
      (error) => error instanceof AsmError && /^deep\.asm:1:1: the source is too large or too deeply nested to assemble \(Maximum call stack size exceeded\)$/.test(error.message),
    );
    assert.throws(() => withinLimits('x.asm', () => JSON.parse('{')), SyntaxError, 'other errors are bugs and pass through');
  });
});

describe('assemble: diagnostic floods', () => {
  it('lists the first 100 diagnostics in the message and counts the rest', () => {
    const source = Array.from({ length: 884 }, () => 'bogus').join('\n');
    try {
      assemble(source, { file: 'flood.asm' });
      assert.fail('should not assemble');
    } catch (error) {
      assert.ok(error instanceof AsmError);
      assert.equal(error.diagnostics.length, 884, 'diagnostics stay complete');
      const lines = error.message.split('\n');
      assert.equal(lines.length, AsmError.MESSAGE_LIMIT + 1);
      assert.equal(lines[99], "flood.asm:100:1: unknown instruction 'bogus'");
      assert.equal(lines[100], 'flood.asm: ... and 784 more errors');
    }
  });

  it('says "1 more error" in the singular', () => {
    const error = new AsmError(Array.from({ length: 101 }, (_, i) => ({ file: 'f', line: i + 1, column: 1, message: 'x' })));
    assert.equal(error.message.split('\n').at(-1), 'f: ... and 1 more error');
  });

  it('reports at most one lexical error per line', () => {
    assert.deepEqual(diagnosticsOf('push @ # $\n\u0001\u0002\u0003'), ['1:6: unexpected character "@"', '2:1: unexpected character "\\u0001"']);
  });

  it('rejects an exvm image with one diagnostic', () => {
    const image = encodeImage(asm('push 1\nhalt'));
    assert.deepEqual(diagnosticsOf(Buffer.from(image).toString('utf8')), ['1:1: this is an exvm image (.exb), not assembly; use `exvm disasm` to read it']);
  });

  it('still accepts a label named EXVM', () => {
    assert.deepEqual(instructions(asm('EXVM: jmp EXVM')), [[Op.JMP, 0]]);
  });

  it('ignores a leading byte order mark, keeping columns as an editor shows them', () => {
    assert.deepEqual(instructions(asm('\uFEFFpush 1')), [[Op.PUSH, 1]]);
    assert.deepEqual(diagnosticsOf('\uFEFFpush x'), ["1:6: undefined name 'x'"]);
  });
});
