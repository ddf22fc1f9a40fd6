/** The debugger's isomorphic core: targets, the session, the message schema, the playground's targets. */
export type { DebugTarget, ExecutionContext, Location, StepOutcome, TargetState } from './target.js';
export type { ProgramCheckpoint, ProgramTargetOptions } from './program-target.js';
export { ProgramTarget } from './program-target.js';
export type { ApplicationCheckpoint, ApplicationTargetOptions } from './application-target.js';
export { ApplicationTarget } from './application-target.js';
export type { VmCheckpoint, VmTargetOptions } from './vm-target.js';
export { VmTarget } from './vm-target.js';
export type { JournalMark } from './journal.js';
export { Journal } from './journal.js';
export type { Listener, SessionOptions } from './session.js';
export { DebugSession } from './session.js';
export type { ClientMessage, DebugState, ServerMessage, TargetInfo } from './protocol.js';
export { clientMessage, debugState, decodeClientMessage, decodeServerMessage, serverMessage, targetInfo } from './protocol.js';
export type { Checked, Infer, Schema } from './schema.js';
export { PLAYGROUND_FILE, sourceTarget } from './playground.js';
