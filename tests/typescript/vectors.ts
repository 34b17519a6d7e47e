/**
 * What the TypeScript harnesses share: the jobs file pytest writes (one entry per
 * shared vector, with the generated module and the function each call uses), and the
 * decoding of the vectors' tagged values into JavaScript values.
 */

export interface JobCall {
  id: string;
  kind: "track" | "identify" | "group" | "page" | "screen";
  fn: string;
  properties: unknown;
  options: Record<string, unknown>;
  valid: boolean;
}

export interface Job {
  vector: string;
  module: string;
  calls: JobCall[];
  /** The vector's collector (`trackgen serve`), added by the end-to-end tests. */
  host?: string;
  /** Browser only: send through analytics.js's batching dispatcher (`/v1/b`). */
  batching?: boolean;
}

export type DateForm = "Date" | "string";

/** Own-property assignment that also works for a key named `__proto__`. */
function put(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/**
 * `{"$bigint": "..."}` and friends become the values they stand for: a date-time is a
 * `Date` or its ISO text (both are accepted), a date is `YYYY-MM-DD` text, a date-time
 * without a timezone is ISO text without an offset.
 */
export function decode(value: unknown, dates: DateForm): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => decode(item, dates));
  }
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    const first = entries[0];
    if (entries.length === 1 && first !== undefined) {
      const [tag, text] = first;
      if (tag === "$datetime") {
        return dates === "Date" ? new Date(String(text)) : text;
      }
      if (tag === "$naive_datetime" || tag === "$date") {
        return text;
      }
      if (tag === "$bigint") {
        return BigInt(String(text));
      }
      if (tag === "$float") {
        return Number(text);
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of entries) {
      put(out, key, decode(item, dates));
    }
    return out;
  }
  return value;
}

export function hasDateTime(value: unknown): boolean {
  return JSON.stringify(value ?? null).includes('"$datetime"');
}

/**
 * Calls the generated function: `fn(properties, options)`, or `fn(options)` for a call
 * without properties; `group` takes the group ID first (the vector's `options.groupId`).
 */
export function invoke(target: unknown, call: JobCall, dates: DateForm): unknown {
  const fn = (target as Record<string, (...args: unknown[]) => unknown>)[call.fn];
  if (fn === undefined) {
    throw new Error(`no function ${call.fn}`);
  }
  const { groupId, ...options } = decode(call.options, dates) as Record<string, unknown>;
  const head = call.kind === "group" ? [groupId] : [];
  return call.properties === null
    ? fn.call(target, ...head, options)
    : fn.call(target, ...head, decode(call.properties, dates), options);
}
