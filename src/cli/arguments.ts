/** Parsers for option values; a bad value becomes a commander usage error naming the option. */
import { InvalidArgumentError } from 'commander';

/** A parser for a whole number from `min` up to 2^53 - 1 (underscores allowed as separators). */
export function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const digits = value.replaceAll('_', '');
    const number = /^[0-9]+$/.test(digits) ? Number(digits) : NaN;
    if (!Number.isSafeInteger(number) || number < min) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${Number.MAX_SAFE_INTEGER}.`);
    }
    return number;
  };
}

/** Collects a repeatable option's values in order. */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}
