/** JavaScript interpreted by QuickJS compiled to WebAssembly (quickjs-emscripten). */
import { getQuickJS } from 'quickjs-emscripten';
import type { DisposableResult, QuickJSContext, QuickJSHandle } from 'quickjs-emscripten';
import { BenchFailure } from '../failure.js';
import type { Engine } from './types.js';

function unwrap(context: QuickJSContext, result: DisposableResult<QuickJSHandle, QuickJSHandle>, what: string): QuickJSHandle {
  if (result.error === undefined) return result.value;
  const detail = JSON.stringify(context.dump(result.error));
  result.error.dispose();
  throw new BenchFailure(`QuickJS: ${what}: ${detail}`);
}

/**
 * Creates one QuickJS runtime and context. Each program's plain-JS implementation is evaluated
 * from its source text, so QuickJS runs exactly the code V8 runs.
 */
export async function createQuickJsEngine(): Promise<Engine> {
  const runtime = (await getQuickJS()).newRuntime();
  const context = runtime.newContext();
  const functions: QuickJSHandle[] = [];
  return {
    name: 'QuickJS',
    prepare(program, n) {
      const fn = unwrap(context, context.evalCode(`(${program.js.toString()})`, `${program.name}.js`), `evaluating ${program.name}`);
      functions.push(fn);
      return {
        run() {
          const arg = context.newNumber(n);
          const result = unwrap(context, context.callFunction(fn, context.undefined, arg), `${program.name}(${n})`);
          arg.dispose();
          const value = context.getNumber(result);
          result.dispose();
          return value;
        },
      };
    },
    dispose() {
      for (const fn of functions.splice(0)) fn.dispose();
      context.dispose();
      runtime.dispose();
    },
  };
}
