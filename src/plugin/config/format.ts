/**
 * Prints a configuration in canonical form: `PLUGIN name`, then `USE` and `DEFINE` (each only when
 * not empty) with one indented declaration per line, tokens separated by single spaces, flags in
 * the order WAITING SYSTEM OVERRIDE, labels right after their item (`INT:seconds ?`). Parsing the
 * output gives back the same tree (positions aside).
 */
import type { Atom, ObjectDeclaration, Pattern, PatternItem, PluginConfiguration, Repeat, ReturnPattern } from './ast.js';

/** The source text of one atom. */
export function formatAtom(atom: Atom): string {
  switch (atom.kind) {
    case 'type':
    case 'pluginType':
      return atom.name;
    case 'value':
      return 'VALUE';
    case 'marker':
      return 'MARKER';
    case 'keyword':
      return 'KEYWORD';
    case 'any':
      return '.';
    case 'markerLiteral':
      return atom.text;
    case 'keywordLiteral':
      return `'${atom.text}'`;
    case 'structure':
      return atom.name === null ? 'STRUCT' : `$${atom.name}`;
    case 'variable':
      return 'VARIABLE';
  }
}

const label = (text: string | null): string => (text === null ? '' : `:${text}`);
const repeat = (r: Repeat): string => (r === 'once' ? '' : ` ${r}`);
const atoms = (list: readonly Atom[]): string => `[ ${list.map(formatAtom).join(' ')} ]`;

function formatItem(item: PatternItem): string {
  let body: string;
  if (item.kind === 'group') body = `( ${item.alternatives.map(formatPattern).join(' | ')} )`;
  else body = `${item.mutable ? 'MUTABLE ' : ''}${item.kind === 'atom' ? formatAtom(item.atom) : atoms(item.atoms)}`;
  return `${body}${label(item.label)}${repeat(item.repeat)}`;
}

/** The source text of a parameter pattern (empty for no parameters). */
export function formatPattern(pattern: Pattern): string {
  return pattern.map(formatItem).join(' ');
}

/** The source text of a return, without the arrow. */
export function formatReturn(returns: ReturnPattern): string {
  const body = returns.bracketed ? atoms(returns.atoms) : formatAtom(returns.atoms[0]);
  return `${body}${label(returns.label)}${returns.optional ? ' ?' : ''}`;
}

/** The source text of one declaration (one line, without indentation). */
export function formatDeclaration(d: ObjectDeclaration): string {
  switch (d.kind) {
    case 'INSTRUCTION':
    case 'FUNCTION': {
      const flags = d.kind === 'INSTRUCTION' ? [d.flags.waiting && 'WAITING', d.flags.system && 'SYSTEM', d.flags.override && 'OVERRIDE'].filter((f) => f !== false) : [];
      const parameters = formatPattern(d.parameters);
      return [...flags, d.kind, d.name, ...(parameters === '' ? [] : [parameters]), ...(d.returns === null ? [] : ['->', formatReturn(d.returns)])].join(' ');
    }
    case 'OPTION':
      return `OPTION ${d.name} -${d.flag} ${d.valueType}`;
    case 'ARGUMENT':
      return `ARGUMENT ${d.name} ${d.valueType}`;
    default:
      return `${d.kind} ${d.name}`;
  }
}

/** The canonical text of a whole configuration (ends with a newline). */
export function formatConfiguration(configuration: PluginConfiguration): string {
  const lines = [`PLUGIN ${configuration.plugin}`];
  for (const [header, list] of [['USE', configuration.uses], ['DEFINE', configuration.defines]] as const) {
    if (list.length === 0) continue;
    lines.push(header, ...list.map((d) => `  ${formatDeclaration(d)}`));
  }
  return `${lines.join('\n')}\n`;
}
