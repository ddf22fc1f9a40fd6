/** `npm run docs`: regenerates every generated page under docs/. */
import { fileURLToPath } from 'node:url';
import { writeIsaReference } from './gen-isa-doc.js';
import { writeStdlibReference } from './gen-stdlib-docs.js';

// Compiled to dist/scripts/, two levels below the repository root.
const root = fileURLToPath(new URL('../..', import.meta.url));

for (const write of [writeIsaReference, writeStdlibReference]) console.log(`wrote ${write(root)}`);
