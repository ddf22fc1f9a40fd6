import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { assemble, disassemble, stripDebug } from '../../src/asm/index.js';
import { AsmError } from '../../src/errors.js';
import { validateProgram } from '../../src/image/validate.js';
import { canonicalProgramArb, deepSourceArb, messyProgramArb, sourceArb } from './generators.js';
import { DESCRIPTION, assertSameProgram } from './helpers.js';
import '../helpers/property.js';

describe('assembler properties', () => {
  it('round trip: assemble(disassemble(P)) equals P without debug info, for random valid sources', () => {
    fc.assert(
      fc.property(sourceArb, (source) => {
        const program = assemble(source, { libraries: DESCRIPTION, file: 'random.asm' });
        validateProgram(program);
        const again = assemble(disassemble(program), { libraries: DESCRIPTION, debug: false });
        assertSameProgram(again, stripDebug(program));
      }),
      { numRuns: 300 },
    );
  });

  it('round trip for random programs in the canonical shape the assembler produces', () => {
    fc.assert(
      fc.property(canonicalProgramArb, (program) => {
        validateProgram(program);
        assertSameProgram(assemble(disassemble(program), { libraries: DESCRIPTION, debug: false }), program);
      }),
      { numRuns: 300 },
    );
  });

  it('disassemble never throws on a valid program, even one assembly cannot express', () => {
    fc.assert(
      fc.property(messyProgramArb, (program) => {
        validateProgram(program);
        const text = disassemble(program);
        assert.equal(typeof text, 'string');
        assert.ok(text.includes('.memory'));
      }),
      { numRuns: 300 },
    );
  });

  const garbage = fc.oneof(
    fc.string({ maxLength: 200, unit: 'binary' }),
    fc
      .array(
        fc.constantFrom('push', 'pushf', 'ncall', 'enter', 'jmp', '.data', '.text', '.org', '.zero', '.align', '.const', '.entry', '.export', '.word', '.float', '.string', '.memory', 'sizeof', '(', ')', ',', ':', '+', '-', '=', ';', '"', "'", '\\', 'x', 'nan', 'inf', '0x', '1.5', '1e', '99999999999999999999', '-0', '\n', ' ', '\t', 'a:', 'io.print_int', '0.func1', 'é', '\u{1F600}', '\r'),
        { maxLength: 60 },
      )
      .map((parts) => parts.join('')),
    deepSourceArb,
  );

  it('garbage never makes assemble throw anything but AsmError', () => {
    fc.assert(
      fc.property(garbage, fc.boolean(), (source, withLibraries) => {
        try {
          validateProgram(assemble(source, withLibraries ? { libraries: DESCRIPTION } : {}));
        } catch (error) {
          if (!(error instanceof AsmError)) throw error;
          assert.ok(error.diagnostics.length > 0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
