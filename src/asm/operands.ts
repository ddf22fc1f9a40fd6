/** Pass 2 for instructions: each operand written the way its kind (from the opcode table) says. */
import type { OperandKind } from '../isa/opcodes.js';
import { MAX_LOCAL, MAX_RESULTS, VECTOR_COUNT } from '../isa/limits.js';
import type { Reporter } from './diagnostics.js';
import type { ConstantPool } from './floats.js';
import { parseFloatOperand } from './floats.js';
import { parseExpression } from './expression.js';
import type { InstructionSite } from './layout-builder.js';
import type { Token } from './lexer.js';
import type { NativeImports } from './native-imports.js';
import type { ValueRange } from './range.js';
import { I32_MIN, U32_MAX, inRange } from './range.js';
import type { SymbolTable } from './symbols.js';

/** What encoding operands needs from the rest of the assembly. */
interface OperandContext {
  readonly symbols: SymbolTable;
  readonly constants: ConstantPool;
  readonly natives: NativeImports;
  readonly instructionCount: number;
}

type IntegerKind = Exclude<OperandKind, 'none' | 'frame' | 'const' | 'native' | 'code'>;

const INTEGER_RANGES: Readonly<Record<IntegerKind, ValueRange>> = {
  i32: { what: 'value', min: I32_MIN, max: U32_MAX },
  u32: { what: 'value', min: 0n, max: U32_MAX },
  offset: { what: 'offset', min: 0n, max: U32_MAX },
  count: { what: 'result count', min: 0n, max: BigInt(MAX_RESULTS) },
  local: { what: 'local index', min: 0n, max: BigInt(MAX_LOCAL) },
  vector: { what: 'interrupt vector', min: 0n, max: BigInt(VECTOR_COUNT - 1) },
};

const FRAME_PARTS: readonly ValueRange[] = [
  { what: 'argument count', min: 0n, max: BigInt(MAX_LOCAL) },
  { what: 'local count', min: 0n, max: BigInt(MAX_LOCAL) },
];

/** The encoded operand of an instruction, or undefined after reporting why it is wrong. */
export function encodeOperand(site: InstructionSite, context: OperandContext): number | undefined {
  const { spec, head, operands, report } = site;
  const kind = spec.operand;
  switch (kind) {
    case 'none':
      if (operands.length > 0) report(operands[0][0], `'${head.text}' takes no operand`);
      return 0;
    case 'frame':
      return encodeFrame(site, context);
    case 'const': {
      const tokens = only(site, 'a number, e.g. 1.5');
      const bits = tokens && parseFloatOperand(tokens, report, head);
      return bits === undefined ? undefined : context.constants.add(bits);
    }
    case 'native': {
      const tokens = only(site, 'a native function, e.g. io.print_int');
      if (!tokens) return undefined;
      const [name, extra] = tokens;
      if (name.kind !== 'ident') {
        report(name, `'${head.text}' needs a native function name, e.g. io.print_int`);
        return undefined;
      }
      if (extra !== undefined) {
        report(extra, `'${head.text}' takes one operand`);
        return undefined;
      }
      return context.natives.resolve(name, report);
    }
    case 'code': {
      if (namesDataLabel(site, context)) return undefined;
      const range = { what: 'code address', min: 0n, max: BigInt(context.instructionCount - 1) };
      return integerOperand(site, context, range, 'a code label');
    }
    default:
      return integerOperand(site, context, INTEGER_RANGES[kind], 'an integer expression');
  }
}

/**
 * Whether a jump's operand is exactly one data label (reported: a byte address is no jump target).
 * Arithmetic on names stays allowed: it is explicit about meaning a number.
 */
function namesDataLabel(site: InstructionSite, context: OperandContext): boolean {
  const [tokens] = site.operands;
  const name = tokens?.length === 1 && site.operands.length === 1 ? tokens[0] : undefined;
  const symbol = name?.kind === 'ident' ? context.symbols.get(name.text) : undefined;
  if (name === undefined || symbol?.kind !== 'label' || symbol.section !== 'data') return false;
  site.report(name, `${site.head.text} needs a code label; '${name.text}' is a data label`);
  return true;
}

/** The tokens of the single operand, or undefined after reporting a missing or extra one. */
function only(site: InstructionSite, expected: string): readonly Token[] | undefined {
  const { head, operands, report } = site;
  if (operands.length === 1) return operands[0];
  report(operands[1]?.[0] ?? head, operands.length === 0 ? `'${head.text}' needs an operand: ${expected}` : `'${head.text}' takes one operand`);
  return undefined;
}

function integerOperand(site: InstructionSite, context: OperandContext, range: ValueRange, expected: string): number | undefined {
  const tokens = only(site, expected);
  const checked = tokens && evaluateInRange(tokens, range, site, context, site.report);
  return checked === undefined ? undefined : checked >>> 0;
}

function evaluateInRange(tokens: readonly Token[], range: ValueRange, site: InstructionSite, context: OperandContext, report: Reporter): number | undefined {
  const expr = parseExpression(tokens, report, site.head);
  const value = expr && context.symbols.evaluate(expr, false, report);
  return expr && value !== undefined ? inRange(value, range, expr.at, report) : undefined;
}

function encodeFrame(site: InstructionSite, context: OperandContext): number | undefined {
  const { head, operands, report } = site;
  if (operands.length !== 2) {
    report(operands[2]?.[0] ?? head, `'${head.text}' needs two operands: ARGS, LOCALS`);
    return undefined;
  }
  const [args, locals] = operands.map((tokens, i) => evaluateInRange(tokens, FRAME_PARTS[i], site, context, report));
  return args === undefined || locals === undefined ? undefined : (args | (locals << 16)) >>> 0;
}
