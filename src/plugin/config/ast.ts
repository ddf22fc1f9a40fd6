/**
 * The syntax tree of a plugin configuration string (the SVM's `svm_plugin_configure` language):
 * `PLUGIN name`, an optional `USE` section, a `DEFINE` section, one object per line. Positions are
 * 1-based lines and columns of the source text.
 */

/** A 1-based line and column in the configuration text. */
export interface ConfigPosition {
  readonly line: number;
  readonly column: number;
}

/** The built-in value types a parameter or a return can name. */
export const BASE_TYPES = ['AUTO', 'INT', 'STR', 'BLN', 'PTR', 'LIB', 'SYM', 'PEP', 'IRQ'] as const;

/** One of the built-in value types. */
export type BaseType = (typeof BASE_TYPES)[number];

/**
 * The markers a pattern can require literally, longest first (the lexer matches the longest one).
 * Markers are a closed set: an argument list can only contain these.
 */
export const MARKERS = ['<>', '<=', '=>', '<<', '>>', '<', '>', '=', '{', '}', ',', ';'] as const;

/** The kinds of objects a configuration declares. */
export const OBJECT_KINDS = [
  'INSTRUCTION', 'FUNCTION', 'TYPE', 'STRUCT', 'INTERRUPTION', 'SEQUENCER', 'SCHEDULER', 'OPTION', 'ARGUMENT', 'ARGUMENTS',
] as const;

/** One of the object kinds. */
export type ObjectKind = (typeof OBJECT_KINDS)[number];

/** The value types an `OPTION` can take. */
export const OPTION_TYPES = ['BLN', 'INT', 'STR'] as const;

/** The value types an `ARGUMENT` can take. */
export const ARGUMENT_TYPES = ['INT', 'STR'] as const;

/** The flags an `INSTRUCTION` can carry, in canonical order. */
export const INSTRUCTION_FLAGS = ['WAITING', 'SYSTEM', 'OVERRIDE'] as const;

/** One instruction flag. */
export type InstructionFlag = (typeof INSTRUCTION_FLAGS)[number];

/**
 * One single-argument test of a pattern:
 * - `type`: a value of a built-in type (`INT`); `pluginType`: a value of a plugin type (`int.big`);
 * - `value`: any value (`VALUE`); `marker`/`keyword`: any marker/keyword (`MARKER`, `KEYWORD`);
 * - `any`: any argument at all (`.`);
 * - `markerLiteral`: that marker (`<=`); `keywordLiteral`: that keyword (`'HARD'`, text without quotes);
 * - `structure`: a structure, of one type (`$com.file`) or any (`STRUCT`) — FUNCTION patterns only;
 * - `variable`: a value or a structure (`VARIABLE`) — FUNCTION patterns only.
 */
export type Atom =
  | { readonly kind: 'type'; readonly name: BaseType }
  | { readonly kind: 'pluginType'; readonly name: string }
  | { readonly kind: 'value' }
  | { readonly kind: 'marker' }
  | { readonly kind: 'keyword' }
  | { readonly kind: 'any' }
  | { readonly kind: 'markerLiteral'; readonly text: string }
  | { readonly kind: 'keywordLiteral'; readonly text: string }
  | { readonly kind: 'structure'; readonly name: string | null }
  | { readonly kind: 'variable' };

/** How many times an item repeats: once, `?` (0..1), `*` (0..), `+` (1..) or an exact count. */
export type Repeat = 'once' | '?' | '*' | '+' | number;

/** What every pattern item carries besides its own shape. */
interface ItemCommon {
  readonly repeat: Repeat;
  /** The `:label` documentation suffix, if any (no effect on matching). */
  readonly label: string | null;
  readonly position: ConfigPosition;
}

/** One atom: `INT`, `MUTABLE STR`, `'HARD'`, `<`, `.` ... */
export interface AtomItem extends ItemCommon {
  readonly kind: 'atom';
  readonly atom: Atom;
  /** `MUTABLE`: the argument must be a value the instruction may modify (values only). */
  readonly mutable: boolean;
}

/** `[ a b ... ]`: exactly one argument matching one of the atoms. */
export interface OneOfItem extends ItemCommon {
  readonly kind: 'oneOf';
  readonly atoms: readonly Atom[];
  readonly mutable: boolean;
}

/** `( seq | seq ... )`: one of the sequences. */
export interface GroupItem extends ItemCommon {
  readonly kind: 'group';
  readonly alternatives: readonly Pattern[];
}

/** One item of a parameter pattern. */
export type PatternItem = AtomItem | OneOfItem | GroupItem;

/** A parameter pattern: a sequence of items (a regular expression over arguments). */
export type Pattern = readonly PatternItem[];

/** The return of an INSTRUCTION or FUNCTION: `-> INT`, `-> [ STR INT ]`, `-> STR ?` (may be null). */
export interface ReturnPattern {
  /** One atom, or several for `[ ... ]`. */
  readonly atoms: readonly Atom[];
  /** Written with brackets (`[ INT ]` keeps its brackets when printed). */
  readonly bracketed: boolean;
  /** `?`: the result may be absent (null). */
  readonly optional: boolean;
  readonly label: string | null;
  readonly position: ConfigPosition;
}

/** What every declaration carries. */
interface DeclarationCommon {
  /** The qualified name `plugin.entry`. */
  readonly name: string;
  readonly position: ConfigPosition;
}

/** `[WAITING] [SYSTEM] [OVERRIDE] INSTRUCTION p.name pattern [-> return]`. */
export interface InstructionDeclaration extends DeclarationCommon {
  readonly kind: 'INSTRUCTION';
  readonly flags: { readonly waiting: boolean; readonly system: boolean; readonly override: boolean };
  readonly parameters: Pattern;
  readonly returns: ReturnPattern | null;
}

/** `FUNCTION p.name pattern [-> return]`. */
export interface FunctionDeclaration extends DeclarationCommon {
  readonly kind: 'FUNCTION';
  readonly parameters: Pattern;
  readonly returns: ReturnPattern | null;
}

/** `TYPE`, `STRUCT`, `INTERRUPTION`, `SEQUENCER`, `SCHEDULER` or `ARGUMENTS` followed by a name only. */
export interface NamedDeclaration extends DeclarationCommon {
  readonly kind: 'TYPE' | 'STRUCT' | 'INTERRUPTION' | 'SEQUENCER' | 'SCHEDULER' | 'ARGUMENTS';
}

/** `OPTION p.name -f BLN|INT|STR`: a command-line option of the plugin. */
export interface OptionDeclaration extends DeclarationCommon {
  readonly kind: 'OPTION';
  /** The option letter, without its dash. */
  readonly flag: string;
  readonly valueType: (typeof OPTION_TYPES)[number];
}

/** `ARGUMENT p.name INT|STR`: a positional argument of the plugin. */
export interface ArgumentDeclaration extends DeclarationCommon {
  readonly kind: 'ARGUMENT';
  readonly valueType: (typeof ARGUMENT_TYPES)[number];
}

/** One line of a `USE` or `DEFINE` section. */
export type ObjectDeclaration =
  | InstructionDeclaration
  | FunctionDeclaration
  | NamedDeclaration
  | OptionDeclaration
  | ArgumentDeclaration;

/** A whole parsed configuration string. */
export interface PluginConfiguration {
  /** The name after `PLUGIN`. */
  readonly plugin: string;
  /** Objects of other plugins this one relies on, written as it uses them. */
  readonly uses: readonly ObjectDeclaration[];
  /** Objects this plugin defines (all named `plugin.something`). */
  readonly defines: readonly ObjectDeclaration[];
}

/** The plugin part of a qualified name (`int` for `int.add`). */
export function pluginOf(qualifiedName: string): string {
  return qualifiedName.slice(0, qualifiedName.indexOf('.'));
}

/** The entry part of a qualified name (`add` for `int.add`). */
export function entryOf(qualifiedName: string): string {
  return qualifiedName.slice(qualifiedName.indexOf('.') + 1);
}
