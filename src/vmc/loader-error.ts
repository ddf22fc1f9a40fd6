/** The loader's error: EVMC's loader error code plus a message naming the path and the option. */
import { ErrorCode, ExvmError } from '../errors.js';
import type { LoaderErrorCode } from './constants.js';

/** A VM that cannot be loaded, created or configured; `loaderCode` is EVMC's loader error code (CANNOT_OPEN 1 ... INVALID_OPTION_VALUE 7). */
export class LoaderError extends ExvmError {
  /** Creates the error for `loaderCode` with a message that says what failed for which path (and option). */
  constructor(
    readonly loaderCode: LoaderErrorCode,
    message: string,
  ) {
    super(ErrorCode.Loader, message);
  }
}
