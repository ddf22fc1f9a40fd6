/** The `sys` library: the program's arguments and the clock. */
import type { NativeContext, NativeLibrary } from '../machine/natives.js';
import type { StdEnvironment } from './environment.js';
import { popBuffer, storeText } from './guest.js';

function argument(ctx: NativeContext, env: StdEnvironment): void {
  const buffer = popBuffer(ctx);
  const index = ctx.popInt();
  const arg = index >= 0 && index < env.args.length ? env.args[index] : undefined;
  ctx.pushInt(arg === undefined ? -1 : storeText(ctx, buffer, arg));
}

/** The `sys` library over `env`. */
export function sysLibrary(env: StdEnvironment): NativeLibrary {
  return {
    name: 'sys',
    functions: [
      { name: 'argc', doc: '-> n ; number of program arguments', fn: (ctx) => ctx.pushInt(env.args.length) },
      { name: 'arg', doc: 'i addr max -> len ; copies argument i (from 0) as UTF-8 into at most max bytes at addr; len = -1 if there is no such argument', fn: (ctx) => argument(ctx, env) },
      { name: 'time_ms', doc: '-> t ; the host clock in milliseconds, as a float', fn: (ctx) => ctx.pushFloat(env.now()) },
    ],
  };
}
