/** The `math` library: the float functions the instruction set does not have. */
import type { NativeContext, NativeLibrary } from '../machine/natives.js';

/** A native that pops one float and pushes `f` of it. */
function unary(f: (x: number) => number): (ctx: NativeContext) => void {
  return (ctx) => ctx.pushFloat(f(ctx.popFloat()));
}

/** A native that pops two floats (the second on top) and pushes `f` of them. */
function binary(f: (x: number, y: number) => number): (ctx: NativeContext) => void {
  return (ctx) => {
    const y = ctx.popFloat();
    ctx.pushFloat(f(ctx.popFloat(), y));
  };
}

/** The `math` library. */
export function mathLibrary(): NativeLibrary {
  return {
    name: 'math',
    functions: [
      { name: 'pow', doc: 'x y -> x^y ; x raised to the power y', fn: binary(Math.pow) },
      { name: 'sin', doc: 'x -> y ; sine of x radians', fn: unary(Math.sin) },
      { name: 'cos', doc: 'x -> y ; cosine of x radians', fn: unary(Math.cos) },
      { name: 'tan', doc: 'x -> y ; tangent of x radians', fn: unary(Math.tan) },
      { name: 'exp', doc: 'x -> y ; e raised to the power x', fn: unary(Math.exp) },
      { name: 'log', doc: 'x -> y ; natural logarithm of x (nan for x < 0, -inf for 0)', fn: unary(Math.log) },
      { name: 'atan2', doc: 'y x -> a ; angle in radians of the point (x, y), from -pi to pi', fn: binary(Math.atan2) },
    ],
  };
}
