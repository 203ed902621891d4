/**
 * Marks values already in stored form (see `asStored`); they are frozen, so they stay so. A property
 * rather than a WeakSet: a window of 100 samples is checked item by item after every event, and a
 * property read costs a fraction of a WeakSet lookup (nor does the GC have a weak table of every state
 * to trace). Module-private and non-enumerable: JSON text, `Object.keys`, spreads and `toEqual` never see it.
 */
const STORED = Symbol('stored');

type Marked = { readonly [STORED]?: true };

function isStored(value: object): boolean {
  return (value as Marked)[STORED] === true;
}

function markStored(value: object): void {
  Object.defineProperty(value, STORED, { value: true });
  Object.freeze(value);
}
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

/**
 * `asStored(value)` for a value no one else holds a reference to (just parsed from a row's JSON text):
 * the parts already in stored form are frozen in place instead of copied; the others are copied as
 * `asStored` copies them. The caller gives up `value` and keeps the result.
 */
export function asStoredOwned<T>(value: T): T {
  return owned(value) as T;
}

function stored(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value + 0 : null;
  if (value === null || typeof value !== 'object') return value;
  if (isStored(value)) return value;
  const json = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof json === 'function') return stored(json.call(value));
  let out: object;
  if (Array.isArray(value)) {
    out = storedArray(value);
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
  markStored(out);
  return out;
}

/** As `source.map(...)` copied it (holes stay holes), with the common case, an item already stored, inline. */
function storedArray(source: readonly unknown[]): unknown[] {
  const copy: unknown[] = [];
  for (let i = 0; i < source.length; i++) {
    const item = source[i];
    if (typeof item === 'object' && item !== null && (item as Marked)[STORED] === true) copy.push(item);
    else if (item === undefined && !(i in source)) copy.length = i + 1;
    else copy.push(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : stored(item));
  }
  return copy;
}

function owned(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || isStored(value)) return stored(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return stored(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') return stored(value);
      const kept = owned(item);
      if (!Object.is(kept, item)) value[i] = kept;
    }
  } else {
    const source = value as Record<string, unknown>;
    const keys = Object.keys(source);
    const ordered = jsonbKeys(source);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      // Out of jsonb order, or a key a plain assignment would not create as an own member: copy.
      if (key !== ordered[i] || key === '__proto__') return stored(value);
      const member = source[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') return stored(value);
      const kept = owned(member);
      if (!Object.is(kept, member)) source[key] = kept;
    }
  }
  markStored(value);
  return value;
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
