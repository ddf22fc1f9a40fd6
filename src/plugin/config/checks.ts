/**
 * Consistency rules of a configuration that span declarations: DEFINE names its own objects and USE
 * names other plugins' objects, no object is declared twice, option letters are distinct, there is
 * one ARGUMENTS at most, and every plugin type (`p.t`) or structure (`$p.s`) a pattern mentions is
 * declared by a TYPE or STRUCT line of the configuration (in USE or DEFINE).
 */
import type { Atom, ConfigPosition, ObjectDeclaration, Pattern, PluginConfiguration } from './ast.js';
import { pluginOf } from './ast.js';
import type { PluginConfigDiagnostic } from './errors.js';

/** The name space of a declaration kind: options and arguments share one, each other kind has its own. */
function nameSpace(kind: ObjectDeclaration['kind']): string {
  return kind === 'OPTION' || kind === 'ARGUMENT' || kind === 'ARGUMENTS' ? 'plugin parameter' : kind;
}

/** Calls `visit` with every atom of `pattern` and the position of the item holding it. */
export function forEachAtom(pattern: Pattern, visit: (atom: Atom, at: ConfigPosition) => void): void {
  for (const item of pattern) {
    if (item.kind === 'atom') visit(item.atom, item.position);
    else if (item.kind === 'oneOf') item.atoms.forEach((atom) => visit(atom, item.position));
    else item.alternatives.forEach((alternative) => forEachAtom(alternative, visit));
  }
}

/** The problems of a parsed configuration that no single line shows (empty when consistent). */
export function checkConfiguration(configuration: PluginConfiguration): PluginConfigDiagnostic[] {
  const diagnostics: PluginConfigDiagnostic[] = [];
  const report = (at: ConfigPosition, message: string): void => {
    diagnostics.push({ line: at.line, column: at.column, message, expected: [] });
  };
  const { plugin } = configuration;
  const declared = new Map<string, ObjectDeclaration>();
  const optionLetters = new Map<string, string>();
  let variadic: ObjectDeclaration | null = null;

  const all = [...configuration.uses.map((d) => ({ d, used: true })), ...configuration.defines.map((d) => ({ d, used: false }))];
  for (const { d, used } of all) {
    const owner = pluginOf(d.name);
    if (plugin !== '' && used && owner === plugin) report(d.position, `USE lists objects of other plugins; ${d.name} belongs to ${plugin} itself`);
    if (plugin !== '' && !used && owner !== plugin) report(d.position, `plugin ${plugin} can only define objects named ${plugin}.<name>, not ${d.name}`);
    if (used && nameSpace(d.kind) === 'plugin parameter') report(d.position, `${d.kind} belongs to DEFINE, not to USE`);
    const key = `${nameSpace(d.kind)} ${d.name}`;
    const previous = declared.get(key);
    if (previous !== undefined) report(d.position, `${d.kind} ${d.name} is already declared at line ${previous.position.line}`);
    else declared.set(key, d);
    if (d.kind === 'OPTION') {
      const other = optionLetters.get(d.flag);
      if (other !== undefined) report(d.position, `option -${d.flag} is already the option of ${other}`);
      else optionLetters.set(d.flag, d.name);
    }
    if (d.kind === 'ARGUMENTS') {
      if (variadic !== null) report(d.position, `ARGUMENTS is already declared at line ${variadic.position.line} (one at most)`);
      else variadic = d;
    }
  }

  const types = new Set(all.filter(({ d }) => d.kind === 'TYPE').map(({ d }) => d.name));
  const structures = new Set(all.filter(({ d }) => d.kind === 'STRUCT').map(({ d }) => d.name));
  const checkAtom = (atom: Atom, at: ConfigPosition): void => {
    if (atom.kind === 'pluginType' && !types.has(atom.name)) {
      report(at, `type ${atom.name} is not declared (add 'TYPE ${atom.name}' to ${pluginOf(atom.name) === plugin ? 'DEFINE' : 'USE'})`);
    }
    if (atom.kind === 'structure' && atom.name !== null && !structures.has(atom.name)) {
      report(at, `structure ${atom.name} is not declared (add 'STRUCT ${atom.name}' to ${pluginOf(atom.name) === plugin ? 'DEFINE' : 'USE'})`);
    }
  };
  for (const { d } of all) {
    if (d.kind !== 'INSTRUCTION' && d.kind !== 'FUNCTION') continue;
    forEachAtom(d.parameters, checkAtom);
    if (d.returns !== null) for (const atom of d.returns.atoms) checkAtom(atom, d.returns.position);
  }
  return diagnostics;
}
