/**
 * Imported (for its effect) by every property-based test file: fixes fast-check's seed so that CI
 * runs are reproducible. Set EXVM_PROPERTY_SEED to a number to replay a seed, or to `random` to
 * explore new cases; a failure prints the seed to replay.
 */
import fc from 'fast-check';

const requested = process.env.EXVM_PROPERTY_SEED;

/** The seed every property in this process starts from. */
export const PROPERTY_SEED = requested === 'random' ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0 : Number(requested ?? 20261121);

fc.configureGlobal({ seed: PROPERTY_SEED });
