/**
 * Records keyed by names a user chose (variables, worlds, params). A plain `{}` is not a map:
 * `o["__proto__"] = 1` sets its prototype instead of storing a value, `"toString" in {}` is true
 * and `({})["constructor"]` is a function (issue 13: a variable named `__proto__` got
 * probabilities summing to 2; `--do toString=1` said "sets toString twice"). A null-prototype
 * object stores every name as an ordinary own property and still spreads, enumerates and
 * serialises as a plain object does; membership is `Object.hasOwn`.
 */
export function nameRecord<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** A null-prototype copy of `record`'s own enumerable entries. */
export function copyNames<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return nameRecord(Object.entries(record));
}

/** The value stored under `name`, never one inherited from Object.prototype. */
export function ownValue<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}
