/**
 * The exvm instruction set: one table, the single source of truth.
 *
 * Every instruction is 5 bytes: a 1-byte opcode followed by a 4-byte little-endian unsigned
 * operand. The interpreter, the assembler, the disassembler, the image validator, the generated
 * `docs/isa.md` and the opcode tests are all derived from this table.
 *
 * Stack notation in `doc`: values left of `->` are popped (rightmost = top of stack), values right
 * of it are pushed. `imm` is the operand. Integers are 32-bit and wrap around; `u` marks an
 * unsigned view of the same bits. Floats are IEEE-754 binary64.
 */

/** How an instruction's 4-byte operand is interpreted (and validated, and written in assembly). */
export type OperandKind =
  | 'none' // must be 0
  | 'i32' // a 32-bit integer (the operand bits read as signed)
  | 'u32' // an unsigned number
  | 'code' // an instruction index (a jump or call target)
  | 'local' // a local slot index in the current frame (0..65535)
  | 'frame' // `enter`: argument count in the low 16 bits, extra locals in the high 16 bits
  | 'count' // number of results returned by `ret` (0..255)
  | 'const' // an index into the image's 64-bit float constant pool
  | 'native' // library index in the high 16 bits, function index in the low 16 bits
  | 'offset' // an unsigned byte offset added to the address popped from the stack
  | 'vector'; // an interrupt vector, 0..31

/** Instruction families, used to group the generated documentation. */
export type OpcodeGroup =
  | 'control'
  | 'stack'
  | 'locals'
  | 'integer'
  | 'float'
  | 'conversion'
  | 'memory'
  | 'atomic'
  | 'system'
  | 'interrupt';

/** One row of the opcode table. `pops`/`pushes` are null when they depend on the operand or callee. */
export interface OpcodeSpec {
  /** The opcode byte. */
  readonly code: number;
  /** The assembly name. */
  readonly mnemonic: string;
  /** How the operand is read. */
  readonly operand: OperandKind;
  /** Values popped (null when it depends on the operand or callee). */
  readonly pops: number | null;
  /** Values pushed (null when it depends on the operand or callee). */
  readonly pushes: number | null;
  /** Gas charged before it runs. */
  readonly gas: number;
  /** Its family, for the documentation. */
  readonly group: OpcodeGroup;
  /** One line of semantics, in stack notation. */
  readonly doc: string;
}

/** The table. Codes are stable: they are the binary format. 0xFF is reserved and never defined. */
export const OPCODES = [
  // control
  { code: 0x00, mnemonic: 'nop', operand: 'none', pops: 0, pushes: 0, gas: 1, group: 'control', doc: 'do nothing' },
  { code: 0x01, mnemonic: 'halt', operand: 'none', pops: 1, pushes: 0, gas: 1, group: 'control', doc: 'code -> ; stop the machine with exit code `code`' },
  { code: 0x02, mnemonic: 'jmp', operand: 'code', pops: 0, pushes: 0, gas: 1, group: 'control', doc: 'pc := imm' },
  { code: 0x03, mnemonic: 'jz', operand: 'code', pops: 1, pushes: 0, gas: 1, group: 'control', doc: 'a -> ; if a == 0 then pc := imm' },
  { code: 0x04, mnemonic: 'jnz', operand: 'code', pops: 1, pushes: 0, gas: 1, group: 'control', doc: 'a -> ; if a != 0 then pc := imm' },
  { code: 0x05, mnemonic: 'call', operand: 'code', pops: 0, pushes: 0, gas: 2, group: 'control', doc: 'push frame (return pc, fp); fp := sp; pc := imm' },
  { code: 0x06, mnemonic: 'enter', operand: 'frame', pops: null, pushes: null, gas: 1, group: 'control', doc: 'args... -> args... 0...; fp := sp - args; push `locals` zeros (locals are fp+0 ..)' },
  { code: 0x07, mnemonic: 'ret', operand: 'count', pops: null, pushes: null, gas: 2, group: 'control', doc: 'move the top imm values to fp, sp := fp + imm; pop frame (pc, fp)' },
  { code: 0x08, mnemonic: 'brk', operand: 'none', pops: 0, pushes: 0, gas: 1, group: 'control', doc: 'stop with status Breakpoint; running again resumes after it' },
  // stack
  { code: 0x10, mnemonic: 'push', operand: 'i32', pops: 0, pushes: 1, gas: 1, group: 'stack', doc: '-> imm' },
  { code: 0x11, mnemonic: 'pushf', operand: 'const', pops: 0, pushes: 1, gas: 1, group: 'stack', doc: '-> consts[imm] (a float)' },
  { code: 0x12, mnemonic: 'pop', operand: 'none', pops: 1, pushes: 0, gas: 1, group: 'stack', doc: 'a -> ' },
  { code: 0x13, mnemonic: 'dup', operand: 'none', pops: 1, pushes: 2, gas: 1, group: 'stack', doc: 'a -> a a' },
  { code: 0x14, mnemonic: 'swap', operand: 'none', pops: 2, pushes: 2, gas: 1, group: 'stack', doc: 'a b -> b a' },
  { code: 0x15, mnemonic: 'over', operand: 'none', pops: 2, pushes: 3, gas: 1, group: 'stack', doc: 'a b -> a b a' },
  { code: 0x16, mnemonic: 'rot', operand: 'none', pops: 3, pushes: 3, gas: 1, group: 'stack', doc: 'a b c -> b c a' },
  // locals
  { code: 0x18, mnemonic: 'lget', operand: 'local', pops: 0, pushes: 1, gas: 1, group: 'locals', doc: '-> local[imm]' },
  { code: 0x19, mnemonic: 'lset', operand: 'local', pops: 1, pushes: 0, gas: 1, group: 'locals', doc: 'a -> ; local[imm] := a' },
  { code: 0x1a, mnemonic: 'ltee', operand: 'local', pops: 1, pushes: 1, gas: 1, group: 'locals', doc: 'a -> a; local[imm] := a' },
  // integer
  { code: 0x20, mnemonic: 'add', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a + b' },
  { code: 0x21, mnemonic: 'sub', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a - b' },
  { code: 0x22, mnemonic: 'mul', operand: 'none', pops: 2, pushes: 1, gas: 2, group: 'integer', doc: 'a b -> a * b (low 32 bits)' },
  { code: 0x23, mnemonic: 'divs', operand: 'none', pops: 2, pushes: 1, gas: 3, group: 'integer', doc: 'a b -> a / b signed, toward zero; b == 0 faults DivisionByZero; MIN / -1 wraps to MIN' },
  { code: 0x24, mnemonic: 'divu', operand: 'none', pops: 2, pushes: 1, gas: 3, group: 'integer', doc: 'a b -> au / bu; b == 0 faults DivisionByZero' },
  { code: 0x25, mnemonic: 'rems', operand: 'none', pops: 2, pushes: 1, gas: 3, group: 'integer', doc: 'a b -> a % b signed (sign of a); b == 0 faults DivisionByZero' },
  { code: 0x26, mnemonic: 'remu', operand: 'none', pops: 2, pushes: 1, gas: 3, group: 'integer', doc: 'a b -> au % bu; b == 0 faults DivisionByZero' },
  { code: 0x27, mnemonic: 'and', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a & b' },
  { code: 0x28, mnemonic: 'or', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a | b' },
  { code: 0x29, mnemonic: 'xor', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a ^ b' },
  { code: 0x2a, mnemonic: 'shl', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a << (b & 31)' },
  { code: 0x2b, mnemonic: 'shrs', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a >> (b & 31), arithmetic' },
  { code: 0x2c, mnemonic: 'shru', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a >>> (b & 31), logical' },
  { code: 0x2d, mnemonic: 'neg', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'integer', doc: 'a -> -a' },
  { code: 0x2e, mnemonic: 'not', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'integer', doc: 'a -> ~a (bitwise)' },
  { code: 0x2f, mnemonic: 'addi', operand: 'i32', pops: 1, pushes: 1, gas: 1, group: 'integer', doc: 'a -> a + imm' },
  { code: 0x30, mnemonic: 'eq', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a == b ? 1 : 0' },
  { code: 0x31, mnemonic: 'ne', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a != b ? 1 : 0' },
  { code: 0x32, mnemonic: 'lts', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a < b (signed) ? 1 : 0' },
  { code: 0x33, mnemonic: 'ltu', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> au < bu ? 1 : 0' },
  { code: 0x34, mnemonic: 'les', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a <= b (signed) ? 1 : 0' },
  { code: 0x35, mnemonic: 'leu', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> au <= bu ? 1 : 0' },
  { code: 0x36, mnemonic: 'gts', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a > b (signed) ? 1 : 0' },
  { code: 0x37, mnemonic: 'gtu', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> au > bu ? 1 : 0' },
  { code: 0x38, mnemonic: 'ges', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> a >= b (signed) ? 1 : 0' },
  { code: 0x39, mnemonic: 'geu', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'integer', doc: 'a b -> au >= bu ? 1 : 0' },
  { code: 0x3a, mnemonic: 'eqz', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'integer', doc: 'a -> a == 0 ? 1 : 0' },
  { code: 0x3b, mnemonic: 'clz', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'integer', doc: 'a -> number of leading zero bits of a (32 for 0)' },
  { code: 0x3c, mnemonic: 'ctz', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'integer', doc: 'a -> number of trailing zero bits of a (32 for 0)' },
  { code: 0x3d, mnemonic: 'popcnt', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'integer', doc: 'a -> number of set bits of a' },
  // float
  { code: 0x40, mnemonic: 'fadd', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> x + y' },
  { code: 0x41, mnemonic: 'fsub', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> x - y' },
  { code: 0x42, mnemonic: 'fmul', operand: 'none', pops: 2, pushes: 1, gas: 2, group: 'float', doc: 'x y -> x * y' },
  { code: 0x43, mnemonic: 'fdiv', operand: 'none', pops: 2, pushes: 1, gas: 3, group: 'float', doc: 'x y -> x / y (IEEE: no fault on zero)' },
  { code: 0x44, mnemonic: 'frem', operand: 'none', pops: 2, pushes: 1, gas: 3, group: 'float', doc: 'x y -> fmod(x, y) (sign of x)' },
  { code: 0x45, mnemonic: 'fneg', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'float', doc: 'x -> -x' },
  { code: 0x46, mnemonic: 'fabs', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'float', doc: 'x -> |x|' },
  { code: 0x47, mnemonic: 'fsqrt', operand: 'none', pops: 1, pushes: 1, gas: 3, group: 'float', doc: 'x -> sqrt(x)' },
  { code: 0x48, mnemonic: 'ffloor', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'float', doc: 'x -> floor(x)' },
  { code: 0x49, mnemonic: 'fceil', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'float', doc: 'x -> ceil(x)' },
  { code: 0x4a, mnemonic: 'ftrunc', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'float', doc: 'x -> trunc(x) (toward zero)' },
  { code: 0x4b, mnemonic: 'fmin', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> min(x, y) (NaN if either is NaN)' },
  { code: 0x4c, mnemonic: 'fmax', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> max(x, y) (NaN if either is NaN)' },
  { code: 0x50, mnemonic: 'feq', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> x == y ? 1 : 0' },
  { code: 0x51, mnemonic: 'fne', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> x != y ? 1 : 0 (1 if either is NaN)' },
  { code: 0x52, mnemonic: 'flt', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> x < y ? 1 : 0' },
  { code: 0x53, mnemonic: 'fle', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> x <= y ? 1 : 0' },
  { code: 0x54, mnemonic: 'fgt', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> x > y ? 1 : 0' },
  { code: 0x55, mnemonic: 'fge', operand: 'none', pops: 2, pushes: 1, gas: 1, group: 'float', doc: 'x y -> x >= y ? 1 : 0' },
  // conversion
  { code: 0x58, mnemonic: 'itof', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'conversion', doc: 'a -> float(a) (signed)' },
  { code: 0x59, mnemonic: 'utof', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'conversion', doc: 'a -> float(au) (unsigned)' },
  { code: 0x5a, mnemonic: 'ftoi', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'conversion', doc: 'x -> trunc(x) as signed, saturating; NaN -> 0' },
  { code: 0x5b, mnemonic: 'ftou', operand: 'none', pops: 1, pushes: 1, gas: 1, group: 'conversion', doc: 'x -> trunc(x) as unsigned, saturating; NaN -> 0' },
  // memory
  { code: 0x60, mnemonic: 'ld8s', operand: 'offset', pops: 1, pushes: 1, gas: 2, group: 'memory', doc: 'addr -> sign-extended byte at addr + imm' },
  { code: 0x61, mnemonic: 'ld8u', operand: 'offset', pops: 1, pushes: 1, gas: 2, group: 'memory', doc: 'addr -> zero-extended byte at addr + imm' },
  { code: 0x62, mnemonic: 'ld16s', operand: 'offset', pops: 1, pushes: 1, gas: 2, group: 'memory', doc: 'addr -> sign-extended 16-bit value at addr + imm' },
  { code: 0x63, mnemonic: 'ld16u', operand: 'offset', pops: 1, pushes: 1, gas: 2, group: 'memory', doc: 'addr -> zero-extended 16-bit value at addr + imm' },
  { code: 0x64, mnemonic: 'ld32', operand: 'offset', pops: 1, pushes: 1, gas: 2, group: 'memory', doc: 'addr -> 32-bit value at addr + imm' },
  { code: 0x65, mnemonic: 'ldf32', operand: 'offset', pops: 1, pushes: 1, gas: 2, group: 'memory', doc: 'addr -> binary32 at addr + imm, widened to a float' },
  { code: 0x66, mnemonic: 'ldf64', operand: 'offset', pops: 1, pushes: 1, gas: 2, group: 'memory', doc: 'addr -> binary64 at addr + imm' },
  { code: 0x68, mnemonic: 'st8', operand: 'offset', pops: 2, pushes: 0, gas: 2, group: 'memory', doc: 'addr a -> ; byte at addr + imm := a & 0xff' },
  { code: 0x69, mnemonic: 'st16', operand: 'offset', pops: 2, pushes: 0, gas: 2, group: 'memory', doc: 'addr a -> ; 16 bits at addr + imm := a & 0xffff' },
  { code: 0x6a, mnemonic: 'st32', operand: 'offset', pops: 2, pushes: 0, gas: 2, group: 'memory', doc: 'addr a -> ; 32 bits at addr + imm := a' },
  { code: 0x6b, mnemonic: 'stf32', operand: 'offset', pops: 2, pushes: 0, gas: 2, group: 'memory', doc: 'addr x -> ; binary32 at addr + imm := x (rounded)' },
  { code: 0x6c, mnemonic: 'stf64', operand: 'offset', pops: 2, pushes: 0, gas: 2, group: 'memory', doc: 'addr x -> ; binary64 at addr + imm := x' },
  { code: 0x70, mnemonic: 'msize', operand: 'none', pops: 0, pushes: 1, gas: 1, group: 'memory', doc: '-> memory size in bytes' },
  { code: 0x71, mnemonic: 'mcopy', operand: 'none', pops: 3, pushes: 0, gas: 3, group: 'memory', doc: 'dst src len -> ; copy len bytes (ranges may overlap); +1 gas per 32 bytes' },
  { code: 0x72, mnemonic: 'mfill', operand: 'none', pops: 3, pushes: 0, gas: 3, group: 'memory', doc: 'dst byte len -> ; fill len bytes with byte; +1 gas per 32 bytes' },
  // atomic (4-byte aligned; an unaligned address faults MemoryFault)
  { code: 0x78, mnemonic: 'aload', operand: 'offset', pops: 1, pushes: 1, gas: 3, group: 'atomic', doc: 'addr -> atomic 32-bit load at addr + imm' },
  { code: 0x79, mnemonic: 'astore', operand: 'offset', pops: 2, pushes: 0, gas: 3, group: 'atomic', doc: 'addr a -> ; atomic 32-bit store at addr + imm' },
  { code: 0x7a, mnemonic: 'aadd', operand: 'offset', pops: 2, pushes: 1, gas: 3, group: 'atomic', doc: 'addr a -> old; mem[addr + imm] += a atomically' },
  { code: 0x7b, mnemonic: 'aand', operand: 'offset', pops: 2, pushes: 1, gas: 3, group: 'atomic', doc: 'addr a -> old; mem[addr + imm] &= a atomically' },
  { code: 0x7c, mnemonic: 'aor', operand: 'offset', pops: 2, pushes: 1, gas: 3, group: 'atomic', doc: 'addr a -> old; mem[addr + imm] |= a atomically' },
  { code: 0x7d, mnemonic: 'axchg', operand: 'offset', pops: 2, pushes: 1, gas: 3, group: 'atomic', doc: 'addr a -> old; mem[addr + imm] := a atomically' },
  { code: 0x7e, mnemonic: 'acas', operand: 'offset', pops: 3, pushes: 1, gas: 3, group: 'atomic', doc: 'addr expected new -> old; if old == expected then mem[addr + imm] := new' },
  // system
  { code: 0x80, mnemonic: 'ncall', operand: 'native', pops: null, pushes: null, gas: 5, group: 'system', doc: 'call native function imm (library << 16 | function); it pops its arguments and pushes its results' },
  { code: 0x81, mnemonic: 'hcall', operand: 'u32', pops: 0, pushes: 0, gas: 5, group: 'system', doc: 'hypercall imm: stop with status Hypercall (pc past it); the host reads and writes the stack, then runs on' },
  { code: 0x82, mnemonic: 'cpuid', operand: 'none', pops: 0, pushes: 1, gas: 1, group: 'system', doc: '-> id of the CPU running this machine' },
  { code: 0x83, mnemonic: 'gas', operand: 'none', pops: 0, pushes: 1, gas: 1, group: 'system', doc: '-> gas left after this instruction, saturated to 2^31 - 1' },
  // interrupt
  { code: 0x88, mnemonic: 'setvec', operand: 'vector', pops: 1, pushes: 0, gas: 1, group: 'interrupt', doc: 'handler -> ; vector[imm] := handler (a code address)' },
  { code: 0x89, mnemonic: 'ei', operand: 'none', pops: 0, pushes: 0, gas: 1, group: 'interrupt', doc: 'enable interrupts (pending ones are taken now)' },
  { code: 0x8a, mnemonic: 'di', operand: 'none', pops: 0, pushes: 0, gas: 1, group: 'interrupt', doc: 'disable interrupts' },
  { code: 0x8b, mnemonic: 'iret', operand: 'none', pops: 0, pushes: 0, gas: 2, group: 'interrupt', doc: 'return from an interrupt handler: restore pc, fp and sp; enable interrupts' },
  { code: 0x8c, mnemonic: 'wfi', operand: 'none', pops: 0, pushes: 0, gas: 1, group: 'interrupt', doc: 'wait for interrupt: take a pending one, or stop with status Waiting (pc past it)' },
  { code: 0x8d, mnemonic: 'int', operand: 'vector', pops: 0, pushes: 0, gas: 2, group: 'interrupt', doc: 'raise interrupt imm on this CPU (taken at the next interrupt point if enabled)' },
] as const satisfies readonly OpcodeSpec[];

/** The reserved opcode byte: never defined, used internally for instructions that cannot execute. */
export const RESERVED_OPCODE = 0xff;


type Row = (typeof OPCODES)[number];
type MnemonicUpper<M extends string> = Uppercase<M>;

/** Opcode numbers by upper-case mnemonic: `Op.ADD === 0x20`. */
export const Op = Object.freeze(
  Object.fromEntries(OPCODES.map((row) => [row.mnemonic.toUpperCase(), row.code])),
) as { readonly [R in Row as MnemonicUpper<R['mnemonic']>]: R['code'] };

/** A mnemonic of the instruction set. */
export type Mnemonic = Row['mnemonic'];

const byCode: (OpcodeSpec | undefined)[] = new Array<OpcodeSpec | undefined>(256).fill(undefined);
const byMnemonic = new Map<string, OpcodeSpec>();
for (const row of OPCODES) {
  byCode[row.code] = row;
  byMnemonic.set(row.mnemonic, row);
}

/**
 * Instructions that end a basic block: control transfers, and instructions after which the rest
 * of the machine must see exact state (natives, hypercalls, bulk memory, interrupt control). They
 * are the interrupt points: pending interrupts are taken right after one of them (whether or not a
 * branch was taken) and when a run starts, so interrupt latency is bounded by the longest basic
 * block and straight-line code never polls.
 */
export const BLOCK_ENDING_OPCODES: ReadonlySet<number> = new Set<number>([
  ...(['halt', 'jmp', 'jz', 'jnz', 'call', 'ret', 'brk', 'ncall', 'hcall', 'mcopy', 'mfill', 'ei', 'iret', 'wfi', 'int'] satisfies Mnemonic[]).map(
    (mnemonic) => byMnemonic.get(mnemonic)!.code,
  ),
  RESERVED_OPCODE,
]);

/** The table row for an opcode byte, or undefined when the byte is not a defined opcode. */
export function opcodeInfo(code: number): OpcodeSpec | undefined {
  return byCode[code];
}

/** The table row for a mnemonic (lower case), or undefined. */
export function opcodeByMnemonic(mnemonic: string): OpcodeSpec | undefined {
  return byMnemonic.get(mnemonic);
}

/** Gas cost of each opcode byte (0 for undefined ones), indexed by opcode. */
export const GAS_COST: Uint8Array = (() => {
  const costs = new Uint8Array(256);
  for (const row of OPCODES) costs[row.code] = row.gas;
  return costs;
})();

/** Bytes per encoded instruction: 1 opcode byte + 4 operand bytes. */
export const INSTRUCTION_SIZE = 5;
