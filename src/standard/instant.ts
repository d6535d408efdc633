// Every function here takes the instant as a parameter; this guards against the
// silent NaN that new Date('garbage') produces.

/** Throws a clear error for anything that is not a usable Date (e.g. new Date('oops')). */
export function assertValidInstant(instant: unknown, context: string): asserts instant is Date {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new TypeError(`${context}: expected a valid Date instant, got ${describeValue(instant)}`);
  }
}

function describeValue(value: unknown): string {
  if (value instanceof Date) return 'Invalid Date';
  return value === null ? 'null' : typeof value;
}
