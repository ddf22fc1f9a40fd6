/**
 * Every opcode test and every fault test again, on machines of the compiled tier (the harness
 * builds them with `tier: 'compiled'`): each expected result, fault, pc and gas count must hold there too.
 */
import { useTier } from '../harness.js';

useTier('compiled');
await import('../opcodes.test.js');
await import('../faults.test.js');
