/**
 * Which callbacks each declared object needs, by the SVM's naming convention: the object's entry
 * name (`add` for `int.add`) inside `instruction_add`, `type_add_delete` and so on.
 */
import type { ObjectDeclaration } from '../config/index.js';
import { entryOf } from '../config/index.js';

/** The callbacks of one object: the name of each, and whether it is mandatory. */
export interface CallbackSpec {
  readonly name: string;
  readonly mandatory: boolean;
}

const SUFFIXES: Readonly<Partial<Record<ObjectDeclaration['kind'], readonly (readonly [string, boolean])[]>>> = {
  TYPE: [['delete', true], ['copy', false], ['compare', false], ['constant', false], ['print', false]],
  STRUCT: [['delete', true], ['copy', false]],
  SEQUENCER: [['create', true], ['delete', true], ['current', true], ['attach', true], ['detach', true], ['print', true]],
  SCHEDULER: [['create', true], ['delete', true], ['schedule', true], ['notification', false], ['attach', true], ['detach', true], ['print', true]],
};

/** The callbacks `declaration` needs or may have (none for INTERRUPTION, OPTION, ARGUMENT, ARGUMENTS). */
export function callbacksOf(declaration: ObjectDeclaration): readonly CallbackSpec[] {
  const entry = entryOf(declaration.name);
  switch (declaration.kind) {
    case 'INSTRUCTION':
      return [{ name: `instruction_${entry}`, mandatory: true }];
    case 'FUNCTION':
      return [{ name: `function_${entry}`, mandatory: true }];
    default: {
      const prefix = declaration.kind.toLowerCase();
      return (SUFFIXES[declaration.kind] ?? []).map(([suffix, mandatory]) => ({ name: `${prefix}_${entry}_${suffix}`, mandatory }));
    }
  }
}
