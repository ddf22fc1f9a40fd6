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

/** Fills the source and disassembly panes for a (new) target. */
export function renderTarget(info: TargetInfo): void {
  element('source-name').textContent = info.name;
  const source = element('source');
  source.replaceChildren();
  const lines = info.source === null ? ['(no source: this image has no readable source file; see the disassembly)'] : info.source.split('\n');
  if (info.source !== null && lines[lines.length - 1] === '') lines.pop();
  const errors = new Map<number, string[]>();
  for (const d of info.diagnostics) errors.set(d.line, [...(errors.get(d.line) ?? []), `${d.line}:${d.column}: ${d.message}`]);
  lines.forEach((text, index) => {
    const number = index + 1;
    const line = row(String(number), text, info.source === null ? {} : { line: String(number) });
    source.append(line);
    for (const message of errors.get(number) ?? []) {
      line.classList.add('has-error');
      source.append(make('div', 'diagnostic', message));
    }
  });
  const listing = element('disassembly');
  listing.replaceChildren(...info.instructions.map((i) => row(String(i.pc), i.text, { pc: String(i.pc) })));
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
  const facts = ` ${state.reason} · status ${state.status} · pc ${state.pc}${state.line === null ? '' : ` (line ${state.line})`} · gas used ${state.gasUsed} · time ${state.time}`;
  status.append(mode, facts, state.fault === null ? '' : ` · ${state.fault}`);
  const current = (container: string, attribute: string, value: string | null): void => {
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
  stack.replaceChildren(...state.stack.slice(-200).reverse().map((value) => make('li', '', value)));
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
  for (const id of ['stepBack', 'continueBack']) element<HTMLButtonElement>(id).disabled = state.mode === 'running' || !state.canStepBack;
}
