/**
 * The debugger's message schema, shared by the server, the in-browser session and the page: what a
 * client may ask (`ClientMessage`) and what the session tells every client (`ServerMessage`). Both
 * directions are checked on receipt; a malformed message becomes an error reply, never a crash.
 */
import type { Checked, Infer } from './schema.js';
import { array, boolean, integer, literal, nullable, object, tagged, text } from './schema.js';
import { errorReason } from '../messages.js';

/** Largest instruction index or memory address a message may name. */
const MAX_INDEX = 0xffffffff;
/** Most bytes a watchpoint may cover. */
export const MAX_WATCH_BYTES = 4096;
/** Most watchpoints a session keeps. */
export const MAX_WATCHPOINTS = 64;
/** Largest assembly source the playground may load, in characters. */
export const MAX_SOURCE_CHARS = 1 << 20;
/** The console output a state carries: its last this many characters. */
export const MAX_CONSOLE_CHARS = 1 << 20;
/** The console output a target puts in a state: its last this many bytes (a line before them counts the rest). */
export const CONSOLE_VIEW_BYTES = 1 << 16;
/** Longest text of one instruction in the listing. */
export const MAX_INSTRUCTION_CHARS = 512;
/** Longest diagnostic message. */
export const MAX_DIAGNOSTIC_CHARS = 4096;
/** Largest message the decoder accepts, in characters (a state with a long console fits). */
export const MAX_MESSAGE_CHARS = 1 << 24;
/** Most lines, instructions, stack values or rows a state may carry. */
const MAX_ITEMS = 1 << 20;

const index = integer(0, MAX_INDEX);

/** What a client asks the session to do. */
export const clientMessage = tagged({
  /** Run until a breakpoint, a watchpoint, the end or a pause. */
  continue: {},
  /** Stop a run at the next slice boundary. */
  pause: {},
  /** Execute one instruction. */
  step: {},
  /** Execute one instruction; if it is a call, run until it returns. */
  stepOver: {},
  /** Run until the current function returns. */
  stepOut: {},
  /** Run until the instruction `pc` is about to execute. */
  runToCursor: { pc: index },
  /** Back to the program's start (history, console and inputs are cleared). */
  restart: {},
  /** Go back one instruction (exactly the earlier state). */
  stepBack: {},
  /** Go back to the last breakpoint or watchpoint hit before now (or the start). */
  continueBack: {},
  /** Set or clear a breakpoint on an instruction. */
  breakpoint: { pc: index, enabled: boolean },
  /** Set or clear a breakpoint on a source line (its first instruction). */
  lineBreakpoint: { line: integer(1, MAX_INDEX), enabled: boolean },
  /** Set or clear a watchpoint on `length` bytes at `address`. */
  watchpoint: { address: index, length: integer(1, MAX_WATCH_BYTES), enabled: boolean },
  /** Move the memory view to `address`. */
  memory: { address: index },
  /** Focus on another execution context (a process, a vCPU); `state.contexts` lists them. */
  focus: { context: text(256) },
  /** Playground only: assemble `source` and debug it instead, with `input` as its standard input. */
  load: { source: text(MAX_SOURCE_CHARS), input: text(MAX_SOURCE_CHARS) },
});

/** A message from a client. */
export type ClientMessage = Infer<typeof clientMessage>;

/** One instruction of the disassembly. */
const instruction = object({ pc: index, text: text(MAX_INSTRUCTION_CHARS), line: nullable(integer(1, MAX_INDEX)) });

/** An assembler diagnostic, shown inline in the playground. */
const diagnostic = object({ line: integer(1, MAX_INDEX), column: integer(1, MAX_INDEX), message: text(MAX_DIAGNOSTIC_CHARS) });

/** What does not change while a target runs: its kind, name, source and disassembly. */
export const targetInfo = object({
  /** 'program' now; 'application' and 'vm' targets bring their own views. */
  kind: literal('program', 'application', 'vm'),
  name: text(4096),
  /** The assembly source, when known (an image without its source has none). */
  source: nullable(text(MAX_SOURCE_CHARS)),
  instructions: array(instruction, MAX_ITEMS),
  /** Assembly errors of the last `load` (the playground shows them inline); empty otherwise. */
  diagnostics: array(diagnostic, 1000),
});

/** The static description of a target. */
export type TargetInfo = Infer<typeof targetInfo>;

/** A named value (a register, a status field). */
const field = object({ name: text(64), value: text(256) });

/** A call frame: where it returns to, its frame pointer and its values (locals and temporaries). */
const frame = object({ returnPc: index, fp: index, values: array(text(64), MAX_ITEMS) });

/** A table for target-specific views (processes, kernels, schedulers; vCPUs, devices, interrupts). */
const tableView = object({ title: text(256), columns: array(text(256), 64), rows: array(array(text(4096), 64), 100_000) });

/** A window of memory with the offsets that changed since the previous stop. */
const memoryWindow = object({ address: index, bytes: array(integer(0, 255), 4096), changed: array(integer(0, 4095), 4096) });

/** The live state every client sees. */
export const debugState = object({
  /** 'paused' (can go on), 'running', or 'ended' (halted or faulted: only restart or step back). */
  mode: literal('paused', 'running', 'ended'),
  /** The target's execution contexts (one for a program; processes or vCPUs for applications and VMs). */
  contexts: array(object({ id: text(256), label: text(256) }), 4096),
  /** The id of the context that stepping, the pc, the stack and the frames are about. */
  focus: text(256),
  /** Why it stopped last ('breakpoint at pc 7', 'watchpoint ...', 'step', 'paused', 'start'). */
  reason: text(4096),
  pc: index,
  /** The source line of `pc`, if known. */
  line: nullable(integer(1, MAX_INDEX)),
  /** The machine status name (Ok, Halted, a fault). */
  status: text(64),
  fault: nullable(text(4096)),
  /** Instructions executed since the start: the time coordinate of step back. */
  time: integer(0, Number.MAX_SAFE_INTEGER),
  gasUsed: integer(0, Number.MAX_SAFE_INTEGER),
  registers: array(field, 64),
  /** The value stack, bottom first. */
  stack: array(text(64), MAX_ITEMS),
  /** Call frames, outermost first. */
  frames: array(frame, 1 << 16),
  memory: memoryWindow,
  breakpoints: array(index, MAX_ITEMS),
  watchpoints: array(object({ address: index, length: integer(1, MAX_WATCH_BYTES) }), MAX_WATCHPOINTS),
  /** The program's console output so far. */
  console: text(MAX_CONSOLE_CHARS),
  /** Whether there is an earlier state to step back to. */
  canStepBack: boolean,
  /** Target-specific views. */
  views: array(tableView, 64),
});

/** The live state of a debug session. */
export type DebugState = Infer<typeof debugState>;

/** What the session tells clients. */
export const serverMessage = tagged({
  /** The target was (re)loaded. */
  target: { info: targetInfo },
  /** The live state changed. */
  state: { state: debugState },
  /** A request was refused (malformed, or not possible now); sent to the requesting client only. */
  error: { message: text(4096) },
  /** A new one-time URL for another browser (the answer to `POST /api/invite`). */
  invite: { url: text(256) },
});

/** A message to clients. */
export type ServerMessage = Infer<typeof serverMessage>;

function decode<T>(schema: { check(value: unknown, path: string): Checked<T> }, raw: string): Checked<T> {
  if (raw.length > MAX_MESSAGE_CHARS) return { ok: false, error: `message is longer than ${MAX_MESSAGE_CHARS} characters` };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, error: `message is not JSON: ${errorReason(error)}` };
  }
  return schema.check(value, 'message');
}

/** Parses and checks a client's message; the error names the first bad field. */
export function decodeClientMessage(raw: string): Checked<ClientMessage> {
  return decode(clientMessage, raw);
}

/** Parses and checks a message from the session (the page checks what it receives too). */
export function decodeServerMessage(raw: string): Checked<ServerMessage> {
  return decode(serverMessage, raw);
}
