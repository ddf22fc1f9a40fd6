/**
 * The check of what an instruction or a function returned against its declaration (`-> INT`,
 * `-> [ STR p.t ] ?`, `-> $p.s` ...): one rule for both, so a plugin cannot hand back a value its
 * callers were not promised.
 */
import type { Atom, ReturnPattern } from '../plugin/config/index.js';
import { formatAtom } from '../plugin/config/index.js';
import type { HandleTarget } from './handles.js';

/** What a callback handed back: a value or a structure (null: nothing). */
type Result = Extract<HandleTarget, { kind: 'value' | 'structure' }>;

function accepts(atom: Atom, result: Result): boolean {
  switch (atom.kind) {
    case 'any':
    case 'variable':
      return true;
    case 'value':
      return result.kind === 'value';
    case 'type':
      return result.kind === 'value' && (atom.name === 'AUTO' || atom.name === result.value.type);
    case 'pluginType':
      return result.kind === 'value' && atom.name === result.value.type;
    case 'structure':
      return result.kind === 'structure' && (atom.name === null || atom.name === result.structure.type);
    default:
      return false;
  }
}

const describe = (result: Result): string => (result.kind === 'value' ? `a ${result.value.type} value` : `a $${result.structure.type} structure`);

/** Why `result` breaks the declaration `returns` of `name` (null when it keeps it). */
export function resultMismatch(name: string, returns: ReturnPattern | null, result: Result | null): string | null {
  if (result === null) {
    return returns === null || returns.optional ? null : `${name} returned nothing, but its declaration says -> ${returns.atoms.map(formatAtom).join(' or ')}`;
  }
  if (returns === null) return `${name} returned ${describe(result)}, but its declaration returns nothing`;
  if (returns.atoms.some((atom) => accepts(atom, result))) return null;
  return `${name} returned ${describe(result)}, but its declaration says -> ${returns.atoms.map(formatAtom).join(' or ')}`;
}
