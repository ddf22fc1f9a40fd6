/**
 * The per-image cache of generated code, and the one place that turns source into functions.
 *
 * Generated code depends only on the program image, on how its `ncall`s resolved (which native
 * slot each names, which ones are missing) and on whether the machine's pending-interrupt word is
 * private, so machines running the same `Program` with the same
 * libraries share the region map and every compiled factory. A factory is `(env) => region
 * function`; each machine calls it with its own state, which costs no parsing or compiling.
 */
import type { Program } from '../../image/program.js';
import { INSTRUCTION_SIZE, Op } from '../../isa/opcodes.js';
import type { DecodedProgram } from '../decode.js';
import type { Layout } from '../layout.js';
import type { GeneratedRegion } from './codegen.js';
import type { RegionFunction } from './exits.js';
import type { RegionMap } from './regions.js';
import { fitRegions } from './fit.js';
import { findRegions } from './regions.js';

/** What the generated factories receive: the names listed in codegen's ENVIRONMENT. */
export type RegionEnvironment = Readonly<Record<string, unknown>>;

/** A compiled region, before it is bound to a machine. */
export type RegionFactory = (env: RegionEnvironment) => RegionFunction;

/**
 * Turns a parameter name and a function body into a function, like `new Function(parameter, body)`.
 * Where code generation is forbidden (a Content-Security-Policy without 'unsafe-eval') it throws,
 * typically an EvalError, and the machine stays in the interpreter.
 */
export type FunctionFactory = (parameter: string, body: string) => RegionFactory;

/** `new Function`: the default way to compile. */
export const newFunction: FunctionFactory = (parameter, body) => new Function(parameter, body) as RegionFactory;

/** The compiled state of one image for one way of resolving its natives. */
export interface CompiledImage {
  /** The code it was compiled from: a Program's bytes can be changed in place, and then this entry is stale. */
  readonly code: Uint8Array;
  readonly map: RegionMap;
  /** Factory of each region's entry function (see codegen's RegionVariant), filled as regions get compiled. */
  readonly factories: (RegionFactory | undefined)[];
  /** Factory of each region's function entered at any block, filled when first needed. */
  readonly resumeFactories: (RegionFactory | undefined)[];
  /** Which blocks of each compiled region a region function can be entered at (see codegen's GeneratedRegion). */
  readonly enterable: (readonly boolean[] | undefined)[];
  /** The generated blocks fit.ts measured, per region, until its first compilation uses them (undefined: generate again). */
  readonly cases: (GeneratedRegion | undefined)[];
}

const cache = new WeakMap<FunctionFactory, WeakMap<Program, Map<string, CompiledImage>>>();

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/** Which natives the decoded image's `ncall`s name, and which instructions did not decode: all codegen depends on besides the image. */
function resolutionKey(program: Program, decoded: DecodedProgram): string {
  const parts: string[] = [];
  for (let pc = 0; pc < decoded.ops.length - 1; pc++) {
    const op = decoded.ops[pc];
    if (op === Op.NCALL || op !== program.code[pc * INSTRUCTION_SIZE]) parts.push(`${pc}:${op}:${decoded.args[pc]}`);
  }
  return parts.join(',');
}

/**
 * The cached compiled state of `program` as decoded for one machine, whose pending-interrupt word is
 * private or not (see codegen's BlockContext): created empty on first use, and again if its code changed.
 */
export function compiledImage(factory: FunctionFactory, program: Program, decoded: DecodedProgram, layout: Layout, pendingPrivate: boolean): CompiledImage {
  let byProgram = cache.get(factory);
  if (byProgram === undefined) cache.set(factory, (byProgram = new WeakMap()));
  let byKey = byProgram.get(program);
  if (byKey === undefined) byProgram.set(program, (byKey = new Map()));
  const key = `${program.entry};${pendingPrivate ? 'private' : 'shared'};${resolutionKey(program, decoded)}`;
  let image = byKey.get(key);
  if (image === undefined || !sameBytes(image.code, program.code)) {
    const { map, cases } = fitRegions(decoded, findRegions(decoded, layout, program.entry), pendingPrivate);
    const none = (): undefined[] => new Array<undefined>(map.regions.length).fill(undefined);
    image = { code: program.code.slice(), map, factories: none(), resumeFactories: none(), enterable: none(), cases };
    byKey.set(key, image);
  }
  return image;
}
