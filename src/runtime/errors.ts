/** The error a host's misuse of the runtime raises (an unknown process, scheduler or sequencer, a second run). */
import { ErrorCode, ExvmError } from '../errors.js';

/** A runtime misuse by its host (code `EXVM_RUNTIME`). */
export class RuntimeError extends ExvmError {
  /** Creates the error with its message. */
  constructor(message: string) {
    super(ErrorCode.Runtime, message);
  }
}
