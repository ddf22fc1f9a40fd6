/**
 * Program images: the in-memory `Program` and its binary form, the `.exb` format (see
 * docs/image.md). `encodeImage`/`decodeImage` convert between them; both validate.
 */
export * from './program.js';
export { IMAGE_MAGIC, IMAGE_VERSION, SectionId, decodeImage, encodeImage, looksLikeImage } from './codec.js';
export { validateProgram } from './validate.js';
