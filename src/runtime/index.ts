/**
 * The process runtime (SVM): processes, kernels on exvm machines, sequencers, schedulers,
 * interruptions, typed values, the plugin API's implementation, and guest code with plugin calls.
 */
export type { KernelOptions, ProcessOptions, RuntimeOptions } from './runtime.js';
export { Runtime } from './runtime.js';
export { RuntimeError } from './errors.js';
export type { AssembleKernelOptions, CallSite, GuestArgument, KernelCode, MemoryDeclaration, ResultTarget } from './kernel-code.js';
export { assembleKernel } from './kernel-code.js';
export type { AccessControl, InterruptionHandler } from './kernel.js';
export { FULL_ACCESS, Kernel, deriveAccess } from './kernel.js';
export { Process } from './process.js';
export type { ClockKind } from './clock.js';
export type { Interruption } from './interruptions.js';
export { FAULT_INTERRUPTIONS, INTERRUPTION_KINDS } from './interruptions.js';
export type { KernelReport, ProcessReport, RuntimeReport } from './report.js';
export type { RuntimeValue } from './values.js';
