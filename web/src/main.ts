/**
 * The debugger page. Served by `exvm debug` it attaches to that server; built as a static site it
 * is the playground, with the same session running in the page.
 */
import type { ClientMessage, DebugState, ServerMessage, TargetInfo } from '../../src/debug/protocol.js';
import { EXAMPLE } from './example.js';
import { element, renderState, renderTarget } from './render.js';
import { decodeSource, encodeSource } from './share.js';
import type { Transport } from './transport.js';
import { localTransport, requestInvite, serverTransport } from './transport.js';

const mode = document.querySelector<HTMLMetaElement>('meta[name="exvm-mode"]')?.content === 'server' ? 'server' : 'playground';
let info: TargetInfo | undefined;
let state: DebugState | undefined;
/** The selected line or instruction: where F9 and run to cursor act. */
let cursor: { readonly line: number } | { readonly pc: number } | undefined;

function showError(message: string | undefined): void {
  const box = element('error');
  box.hidden = message === undefined;
  box.textContent = message ?? '';
}

function receive(message: ServerMessage): void {
  if (message.type === 'error') return showError(message.message);
  if (message.type === 'invite') return showInvite(message.url);
  if (message.type === 'target') {
    info = message.info;
    cursor = undefined;
    renderTarget(info);
    if (info.diagnostics.length > 0) showError(`${info.diagnostics.length} assembly error${info.diagnostics.length === 1 ? '' : 's'}: see the source`);
  } else state = message.state;
  if (info !== undefined && state !== undefined) renderState(state, info);
  drawCursor();
}

function showInvite(url: string): void {
  const link = element<HTMLInputElement>('invite-link');
  link.hidden = false;
  link.value = url;
  link.select();
}

let transport: Transport;
function send(message: ClientMessage): void {
  showError(undefined);
  transport.send(message);
}

/** The instruction the cursor designates: the selected one, or the first of the selected line. */
function cursorPc(): number | undefined {
  if (cursor === undefined) return undefined;
  if ('pc' in cursor) return cursor.pc;
  const line = cursor.line;
  return info?.instructions.find((i) => i.line === line)?.pc;
}

function drawCursor(): void {
  for (const node of document.querySelectorAll('.row.cursor')) node.classList.remove('cursor');
  const selector = cursor === undefined ? undefined : 'pc' in cursor ? `#disassembly [data-pc="${cursor.pc}"]` : `#source [data-line="${cursor.line}"]`;
  const node = selector === undefined ? null : document.querySelector(selector);
  node?.classList.add('cursor');
  node?.scrollIntoView({ block: 'nearest' });
}

function toggleBreakpoint(): void {
  if (cursor === undefined) return showError('select a line or an instruction first (click it)');
  const node = document.querySelector('.row.cursor');
  const enabled = !(node?.classList.contains('bp') ?? false);
  send('pc' in cursor ? { type: 'breakpoint', pc: cursor.pc, enabled } : { type: 'lineBreakpoint', line: cursor.line, enabled });
}

function runToCursor(): void {
  const pc = cursorPc();
  if (pc === undefined) return showError('select a line with code or an instruction first (click it)');
  send({ type: 'runToCursor', pc });
}

const SIMPLE = ['continue', 'pause', 'step', 'stepOver', 'stepOut', 'stepBack', 'continueBack', 'restart'] as const;
type Simple = (typeof SIMPLE)[number];
const act = (type: Simple): void => send({ type });

for (const type of SIMPLE) element(type).addEventListener('click', () => act(type));
element('runToCursor').addEventListener('click', runToCursor);
element<HTMLSelectElement>('context').addEventListener('change', (event) => {
  if (event.target instanceof HTMLSelectElement) send({ type: 'focus', context: event.target.value });
});

/** Clicking a row selects it; clicking its gutter toggles its breakpoint. */
for (const pane of ['source', 'disassembly']) {
  element(pane).addEventListener('click', (event) => {
    const target = event.target instanceof HTMLElement ? event.target : undefined;
    const node = target?.closest<HTMLElement>('.row');
    if (node === null || node === undefined) return;
    if (node.dataset.pc !== undefined) cursor = { pc: Number(node.dataset.pc) };
    else if (node.dataset.line !== undefined) cursor = { line: Number(node.dataset.line) };
    else return;
    drawCursor();
    if (target?.classList.contains('gutter')) toggleBreakpoint();
  });
  element(pane).addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const rows = [...element(pane).querySelectorAll<HTMLElement>('.row')].filter((r) => r.dataset.pc !== undefined || r.dataset.line !== undefined);
    const at = rows.findIndex((r) => r.classList.contains('cursor'));
    const next = rows[Math.min(rows.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next === undefined) return;
    cursor = next.dataset.pc !== undefined ? { pc: Number(next.dataset.pc) } : { line: Number(next.dataset.line) };
    drawCursor();
  });
}

/** Keyboard shortcuts, like the usual debuggers. */
const KEYS: Readonly<Record<string, () => void>> = {
  F5: () => act('continue'),
  'Shift+F5': () => act('continueBack'),
  'Ctrl+Shift+F5': () => act('restart'),
  F6: () => act('pause'),
  F9: toggleBreakpoint,
  F10: () => act('stepOver'),
  'Shift+F10': () => act('stepBack'),
  'Ctrl+F10': runToCursor,
  F11: () => act('step'),
  'Shift+F11': () => act('stepOut'),
};
document.addEventListener('keydown', (event) => {
  const name = `${event.ctrlKey ? 'Ctrl+' : ''}${event.shiftKey ? 'Shift+' : ''}${event.key}`;
  const action = KEYS[name];
  if (action === undefined) return;
  event.preventDefault();
  action();
});

/** An address typed as hex (0x...) or decimal; undefined when it is neither. */
function parseAddress(text: string): number | undefined {
  const trimmed = text.trim();
  const value = /^0x[0-9a-f]+$/i.test(trimmed) ? parseInt(trimmed.slice(2), 16) : /^[0-9]+$/.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isSafeInteger(value) && value <= 0xffffffff ? value : undefined;
}

element('memory-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const address = parseAddress(element<HTMLInputElement>('memory-address').value);
  if (address === undefined) return showError('memory: type an address, e.g. 0x100 or 256');
  send({ type: 'memory', address });
});
function showMemoryAt(event: Event): void {
  const address = event.target instanceof HTMLLIElement ? parseAddress(event.target.textContent ?? '') : undefined;
  if (address !== undefined) send({ type: 'memory', address });
}
element('stack').addEventListener('click', showMemoryAt);
element('stack').addEventListener('keydown', (event) => {
  if (event.key === 'Enter') showMemoryAt(event);
});
element('watch-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const address = parseAddress(element<HTMLInputElement>('watch-address').value);
  const length = parseAddress(element<HTMLInputElement>('watch-length').value);
  if (address === undefined || length === undefined || length < 1) return showError('watchpoint: type an address and a length in bytes');
  send({ type: 'watchpoint', address, length, enabled: true });
});
element('watchpoints').addEventListener('click', (event) => {
  const button = event.target instanceof HTMLButtonElement ? event.target : undefined;
  if (button?.dataset.address === undefined) return;
  send({ type: 'watchpoint', address: Number(button.dataset.address), length: Number(button.dataset.length), enabled: false });
});

async function startPlayground(): Promise<void> {
  element('mode-name').textContent = 'playground';
  element('editor-panel').hidden = false;
  const editor = element<HTMLTextAreaElement>('editor');
  const shared = await decodeSource(location.hash);
  if (shared === undefined && location.hash.startsWith('#src=')) showError('the program in this link cannot be read (damaged, or larger than 1 MiB): showing the example');
  editor.value = shared ?? EXAMPLE;
  transport = localTransport(editor.value, receive);
  const assemble = (): void => send({ type: 'load', source: editor.value, input: element<HTMLTextAreaElement>('stdin').value });
  element('assemble').addEventListener('click', assemble);
  editor.addEventListener('keydown', (event) => {
    if (event.ctrlKey && event.key === 'Enter') {
      event.preventDefault();
      assemble();
    }
  });
  element('share').addEventListener('click', () => {
    void encodeSource(editor.value).then((hash) => {
      history.replaceState(null, '', hash);
      const link = element<HTMLInputElement>('share-link');
      link.hidden = false;
      link.value = location.href;
      link.select();
      void navigator.clipboard?.writeText(location.href).catch(() => undefined);
    });
  });
}

if (mode === 'server') {
  transport = serverTransport(receive);
  const invite = element('invite');
  invite.hidden = false;
  invite.addEventListener('click', () => requestInvite(receive));
} else void startPlayground();
