/**
 * docs/connector.md stays true: its code examples are the files in examples/connector (compared
 * byte for byte), the TypeScript ones type-check against the package's public API (`exvm`, the
 * built declarations) and run, printing what the document says; its table of the exvm VM's host
 * library is the library's own.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { HOST_FUNCTIONS } from '../../src/vmc/vms/exvm-host-library.js';
import { ROOT, repoPath } from '../helpers/paths.js';

const doc = readFileSync(repoPath('docs', 'connector.md'), 'utf8');

/** The fenced block after each `<!-- kind: path -->` marker, by path. */
function blocks(kind: 'example' | 'output'): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of doc.matchAll(new RegExp(`<!-- ${kind}: (\\S+) -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`, 'g'))) found.set(match[1], match[2]);
  return found;
}

const examples = blocks('example');
const exampleFiles = readdirSync(repoPath('examples', 'connector'))
  .filter((name) => /\.(ts|mjs)$/.test(name))
  .map((name) => `examples/connector/${name}`);
const typescriptExamples = exampleFiles.filter((file) => file.endsWith('.ts'));

/** The host library as a Markdown table body: one row per function, `|` escaped. */
function hostLibraryRows(): string {
  const cell = (text: string): string => text.replaceAll('|', '\\|');
  return HOST_FUNCTIONS.map(({ name, gas, doc: text }) => {
    const [effect, ...meaning] = text.split(' ; ');
    return `| \`host.${name}\` | \`${cell(effect.trim())}\` | ${gas} | ${cell(meaning.join(' ; '))} |\n`;
  }).join('');
}

describe('docs/connector.md', () => {
  it('shows every example file of examples/connector, exactly as it is', () => {
    assert.deepEqual([...examples.keys()].sort(), [...exampleFiles].sort());
    for (const [file, text] of examples) assert.equal(text, readFileSync(repoPath(file), 'utf8'), `${file} differs from its copy in the document`);
  });

  it('lists the exvm VM\'s host library as the library defines it', () => {
    const table = /<!-- host-library:start -->\n\| Function \| Stack effect \| Gas \| Description \|\n\|---\|---\|---\|---\|\n([\s\S]*?)<!-- host-library:end -->/.exec(doc);
    assert.ok(table, 'the host library table is marked');
    assert.equal(table[1], hostLibraryRows());
  });

  it('has TypeScript examples that type-check against the public API', () => {
    const options: ts.CompilerOptions = {
      strict: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
      noEmit: true,
      skipLibCheck: true,
      verbatimModuleSyntax: true,
    };
    const program = ts.createProgram(typescriptExamples.map((file) => repoPath(file)), options);
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    assert.deepEqual(problems, []);
  });

  for (const [file, expected] of blocks('output')) {
    it(`runs ${file} and prints what the document says`, () => {
      // Compiled next to the package (dist/examples/...), so that `import ... from 'exvm'` resolves to the build.
      const out = repoPath('dist', file.replace(/\.ts$/, '.js'));
      mkdirSync(join(out, '..'), { recursive: true });
      const { outputText } = ts.transpileModule(readFileSync(repoPath(file), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true } });
      writeFileSync(out, outputText);
      const result = spawnSync(process.execPath, [out], { cwd: ROOT, encoding: 'utf8' });
      assert.equal(result.stderr, '');
      assert.equal(result.stdout, expected);
    });
  }
});
