/**
 * Numeric limits of the instruction set and the program image, shared by the assembler, the image
 * validator and the machine.
 */

/** Largest local index an operand may name (and largest `enter` argument or local count). */
export const MAX_LOCAL = 0xffff;
/** Largest number of results `ret` may move. */
export const MAX_RESULTS = 0xff;
/** Number of interrupt vectors. */
export const VECTOR_COUNT = 32;

/** Largest memory a program may ask for: 1 GiB. */
export const MAX_FLAT_MEMORY = 0x4000_0000;
