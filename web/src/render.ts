/** Drawing the session's messages into the page. */
import type { DebugState, TargetInfo } from '../../src/debug/protocol.js';

/** Looks up an element that the page must have. */
export function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no #${id}`);
  return found as T;
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/** A code row: gutter (number, breakpoint mark) and text. */
function row(gutter: string, text: string, data: Record<string, string>): HTMLDivElement {
  const line = make('div', 'row');
  line.setAttribute('role', 'option');
  Object.assign(line.dataset, data);
  line.append(make('span', 'gutter', gutter), make('span', 'text', text || ' '));
  return line;
}

/** Most rows a code pane holds at once: it shows a window around the current row, so huge programs stay fast. */
const WINDOW_ROWS = 2000;

/** A code pane: `total` rows, of which those in [from, to) are in the page. */
interface Pane {
  readonly id: string;
  readonly total: number;
  readonly rows: (index: number) => HTMLElement[];
  from: number;
  to: number;
}

const panes = new Map<string, Pane>();

/** Puts the window of `pane` around row `center` (when it is not already in it). */
function showWindow(pane: Pane, center: number, force = false): void {
  if (!force && center >= pane.from && center < pane.to) return;
  pane.from = Math.max(0, Math.min(center - WINDOW_ROWS / 2, pane.total - WINDOW_ROWS));
  pane.to = Math.min(pane.total, pane.from + WINDOW_ROWS);
  const container = element(pane.id);
  const fragment = document.createDocumentFragment();
  const more = (count: number, where: string, next: number): void => {
    if (count <= 0) return;
    const button = make('button', 'more', `… ${count} more rows ${where} (show them)`);
    button.addEventListener('click', () => showWindow(pane, next));
    fragment.append(button);
  };
  more(pane.from, 'above', pane.from - WINDOW_ROWS / 2);
  for (let index = pane.from; index < pane.to; index++) fragment.append(...pane.rows(index));
  more(pane.total - pane.to, 'below', pane.to + WINDOW_ROWS / 2);
  container.replaceChildren(fragment);
}

/** Fills the source and disassembly panes for a (new) target. */
export function renderTarget(info: TargetInfo): void {
  element('source-name').textContent = info.name;
  const lines = info.source === null ? ['(no source shown: the program has no readable source file, or it is larger than 1 MiB; see the disassembly)'] : info.source.split('\n');
  if (info.source !== null && lines[lines.length - 1] === '') lines.pop();
  const errors = new Map<number, string[]>();
  for (const d of info.diagnostics) errors.set(d.line, [...(errors.get(d.line) ?? []), `${d.line}:${d.column}: ${d.message}`]);
  const sourceRows = (index: number): HTMLElement[] => {
    const number = index + 1;
    const line = row(String(number), lines[index], info.source === null ? {} : { line: String(number) });
    const messages = errors.get(number) ?? [];
    if (messages.length > 0) line.classList.add('has-error');
    return [line, ...messages.map((message) => make('div', 'diagnostic', message))];
  };
  const listingRows = (pc: number): HTMLElement[] => [row(String(pc), info.instructions[pc].text, { pc: String(pc) })];
  for (const pane of [
    { id: 'source', total: lines.length, rows: sourceRows, from: 0, to: 0 },
    { id: 'disassembly', total: info.instructions.length, rows: listingRows, from: 0, to: 0 },
  ]) {
    panes.set(pane.id, pane);
    showWindow(pane, 0, true);
  }
}

function mark(container: HTMLElement, attribute: string, className: string, values: ReadonlySet<string>): void {
  for (const node of container.querySelectorAll<HTMLElement>(`[data-${attribute}]`)) node.classList.toggle(className, values.has(node.dataset[attribute] ?? ''));
}

const hex = (value: number, width = 2): string => value.toString(16).padStart(width, '0');

function renderMemory(memory: DebugState['memory']): void {
  const pre = element('memory');
  pre.replaceChildren();
  const changed = new Set(memory.changed);
  for (let offset = 0; offset < memory.bytes.length; offset += 16) {
    const line = make('div', 'mem-row');
    line.append(`${hex(memory.address + offset, 8)}  `);
    const bytes = memory.bytes.slice(offset, offset + 16);
    bytes.forEach((byte, index) => {
      line.append(changed.has(offset + index) ? make('span', 'changed', hex(byte)) : hex(byte), index === 7 ? '  ' : ' ');
    });
    line.append(' '.repeat((16 - bytes.length) * 3), ' ', bytes.map((byte) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join(''));
    pre.append(line);
  }
}

/** Appends only what is new when the console text grew (it usually does); replaces it when it did not. */
function renderConsole(text: string): void {
  const output = element('console');
  const shown = output.textContent ?? '';
  if (text === shown) return;
  if (text.startsWith(shown)) output.append(text.slice(shown.length));
  else output.textContent = text;
  output.scrollTop = output.scrollHeight;
}

function renderTable(parent: HTMLElement, title: string, columns: readonly string[], rows: readonly (readonly string[])[]): void {
  const panel = make('section', 'panel');
  panel.append(make('h2', '', title));
  const table = make('table', '');
  const head = make('tr', '');
  head.append(...columns.map((column) => make('th', '', column)));
  table.append(head);
  for (const cells of rows) {
    const line = make('tr', '');
    line.append(...cells.map((cell) => make('td', '', cell)));
    table.append(line);
  }
  panel.append(table);
  parent.append(panel);
}

/** Draws the live state. `instructions` maps pcs to lines for the line breakpoint marks. */
export function renderState(state: DebugState, info: TargetInfo): void {
  const status = element('status');
  status.replaceChildren();
  const mode = make('span', state.mode === 'ended' ? 'ended' : '', state.mode.toUpperCase());
  // While running, the reason is 'running' too: say it once.
  const reason = state.mode === 'running' && state.reason === 'running' ? '' : ` ${state.reason}`;
  const facts = `${reason} · status ${state.status} · pc ${state.pc}${state.line === null ? '' : ` (line ${state.line})`} · gas used ${state.gasUsed} · time ${state.time}`;
  status.append(mode, facts, state.fault === null ? '' : ` · ${state.fault}`);
  const current = (container: string, attribute: string, value: string | null): void => {
    const window = panes.get(container);
    if (window !== undefined && value !== null) showWindow(window, Number(value) - (attribute === 'line' ? 1 : 0));
    const pane = element(container);
    mark(pane, attribute, 'current', new Set(value === null ? [] : [value]));
    pane.querySelector('.current')?.scrollIntoView({ block: 'nearest' });
  };
  current('source', 'line', state.line === null ? null : String(state.line));
  current('disassembly', 'pc', String(state.pc));
  const breakpoints = new Set(state.breakpoints.map(String));
  mark(element('disassembly'), 'pc', 'bp', breakpoints);
  mark(element('source'), 'line', 'bp', new Set(info.instructions.filter((i) => breakpoints.has(String(i.pc)) && i.line !== null).map((i) => String(i.line))));

  const contexts = element<HTMLSelectElement>('context');
  contexts.hidden = state.contexts.length < 2;
  contexts.replaceChildren(...state.contexts.map(({ id, label }) => Object.assign(make('option', '', label), { value: id, selected: id === state.focus })));

  const registers = element('registers');
  registers.replaceChildren(...[{ name: 'gas used', value: String(state.gasUsed) }, ...state.registers].map(({ name, value }) => {
    const line = make('tr', '');
    line.append(make('th', '', name), make('td', '', value));
    return line;
  }));
  const stack = element('stack');
  // Values are focusable: Enter (or a click) shows memory at a value.
  stack.replaceChildren(...state.stack.slice(-200).reverse().map((value) => Object.assign(make('li', '', value), { tabIndex: 0 })));
  element('frames').replaceChildren(...[...state.frames].reverse().map((frame) => make('div', '', `fp ${frame.fp} → returns to pc ${frame.returnPc}: [${frame.values.join(', ')}]`)));
  renderMemory(state.memory);
  element('watchpoints').replaceChildren(...state.watchpoints.map((w) => {
    const item = make('li', '', `0x${hex(w.address)}..0x${hex(w.address + w.length)} (${w.length} bytes) `);
    const remove = make('button', 'remove', 'remove');
    Object.assign(remove.dataset, { address: String(w.address), length: String(w.length) });
    item.append(remove);
    return item;
  }));
  renderConsole(state.console);
  const views = element('views');
  views.replaceChildren();
  for (const view of state.views) renderTable(views, view.title, view.columns, view.rows);
  const runnable = state.mode === 'paused' && info.diagnostics.length === 0;
  for (const id of ['continue', 'step', 'stepOver', 'stepOut', 'runToCursor']) element<HTMLButtonElement>(id).disabled = !runnable;
  element<HTMLButtonElement>('pause').disabled = state.mode !== 'running';
  element<HTMLButtonElement>('restart').disabled = state.mode === 'running';
  for (const id of ['stepBack', 'continueBack']) element<HTMLButtonElement>(id).disabled = state.mode === 'running' || !state.canStepBack;
}
