/** Values already in stored form (see `asStored`); they are frozen, so they stay so. */
const STORED = new WeakSet<object>();
/** Object shapes (keys in insertion order) → their keys in jsonb order. */
const KEY_ORDERS = new Map<string, string[]>();
const MAX_KEY_ORDERS = 10_000;

/**
 * `value` as a read of it from a `jsonb` column gives it back: `toJSON` applied, `undefined` members
 * dropped, non-finite numbers as null, -0 as 0, object keys in jsonb's order (shorter first, then by
 * bytes). So a batch that keeps a detector's state in memory from one event to the next sees exactly
 * what a transaction per event would have read back.
 *
 * The result is deeply frozen and shared: parts already in stored form (a state's unchanged window
 * carried into the next state) are reused as they are, not copied again. Detectors never mutate their
 * input (they are pure); one that tried would fail loudly instead of silently diverging.
 */
export function asStored<T>(value: T): T {
  return stored(value) as T;
}

/** The JSON text of `asStored(value)`. */
export function storedJson(value: unknown): string {
  return JSON.stringify(stored(value));
}

function stored(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (value === null || typeof value !== 'object') return value;
  if (STORED.has(value)) return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return stored(json.call(value));
  let out: object;
  if (Array.isArray(value)) {
    out = value.map((item) => (item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : stored(item)));
  } else {
    const source = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of jsonbKeys(source)) {
      const member = source[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      copy[key] = stored(member);
    }
    out = copy;
  }
  Object.freeze(out);
  STORED.add(out);
  return out;
}

function jsonbKeys(source: Record<string, unknown>): string[] {
  const keys = Object.keys(source);
  if (keys.length < 2) return keys;
  const shape = keys.join('\u0000');
  let ordered = KEY_ORDERS.get(shape);
  if (!ordered) {
    ordered = [...keys].sort(jsonbKeyOrder);
    if (KEY_ORDERS.size >= MAX_KEY_ORDERS) KEY_ORDERS.clear();
    KEY_ORDERS.set(shape, ordered);
  }
  return ordered;
}

const ASCII = /^[\x00-\x7f]*$/;

function jsonbKeyOrder(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return Buffer.byteLength(a) - Buffer.byteLength(b) || byUtf8Bytes(a, b);
}

/** The order of the "C" collation: UTF-8 bytes (code points), whatever the database's default. */
export function byUtf8Bytes(a: string, b: string): number {
  if (ASCII.test(a) && ASCII.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
