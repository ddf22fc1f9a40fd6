/** The error of an application that cannot boot: it names the application file and the key path. */
import { ErrorCode, ExvmError } from '../errors.js';

/** An invalid application description or a boot failure (code `EXVM_APP`): `app.toml: process[1].code: message`. */
export class AppError extends ExvmError {
  /** Creates the error for the key `path` (empty for the whole file) of the application `source`. */
  constructor(
    readonly source: string,
    readonly path: string,
    readonly detail: string,
  ) {
    super(ErrorCode.App, `${source}: ${path === '' ? '' : `${path}: `}${detail.split('\n').join('; ')}`);
  }
}
