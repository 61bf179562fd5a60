/**
 * Island props travel from server to browser as JSON inside the page. Plain JSON cannot carry
 * `undefined`, dates, non-finite numbers, bigints or signals, so those are written as tagged
 * objects `{ "_f": tag, … }`. A signal becomes an index into a page-wide table, so two islands
 * given the same signal share one signal again in the browser. Used by both server and client.
 */
import { type Signal, signal } from "@preact/signals-core";

/** The island whose props are being written, and its props. */
export interface IslandProps {
  island: string;
  props: Record<string, unknown>;
}

interface Encoded {
  props: unknown[];
  signals: unknown[];
}

const TAG = "_f";
const SIGNAL_BRAND = Symbol.for("preact-signals");

/** Thrown when an island prop cannot be sent to the browser. */
export class SerializeError extends Error {
  override name = "SerializeError";
}

/**
 * Serializes the props of every island on a page.
 *
 * @throws {SerializeError} naming the island and the prop, for functions, JSX, class instances
 * and cycles.
 */
export function serializeState(islands: IslandProps[]): string {
  const signalIndex = new Map<Signal, number>();
  const signals: unknown[] = [];

  function encode(value: unknown, island: string, path: string, seen: Set<object>): unknown {
    const fail = (what: string): never => {
      throw new SerializeError(
        `Island "${island}" prop "${path}" is ${what}: island props must be JSON values, ` +
          "undefined, Date, bigint or signals",
      );
    };
    switch (typeof value) {
      case "undefined":
        return { [TAG]: "u" };
      case "string":
      case "boolean":
        return value;
      case "number":
        return Number.isFinite(value) ? value : { [TAG]: "n", v: String(value) };
      case "bigint":
        return { [TAG]: "b", v: value.toString() };
      case "function":
        return fail("a function");
      case "symbol":
        return fail("a symbol");
    }
    if (value === null) return null;
    const object = value as Record<string | symbol, unknown>;
    if (seen.has(object)) return fail("part of a cycle");
    if (object.brand === SIGNAL_BRAND) {
      const sig = object as unknown as Signal;
      let index = signalIndex.get(sig);
      if (index === undefined) {
        index = signals.length;
        signalIndex.set(sig, index);
        signals.push(null);
        seen.add(object);
        signals[index] = encode(sig.peek(), island, `${path}.value`, seen);
        seen.delete(object);
      }
      return { [TAG]: "s", i: index };
    }
    if (value instanceof Date) {
      return { [TAG]: "d", v: Number.isNaN(value.getTime()) ? null : value.toISOString() };
    }
    seen.add(object);
    try {
      if (Array.isArray(value)) {
        return Array.from(value, (item, i) => encode(item, island, `${path}[${i}]`, seen));
      }
      if ("type" in object && "props" in object && object.constructor === undefined) {
        return fail("JSX (pass data and render it inside the island)");
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        return fail(`an instance of ${proto?.constructor?.name ?? "a class"}`);
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(object)) {
        out[key] = encode(item, island, path ? `${path}.${key}` : key, seen);
      }
      return TAG in out ? { [TAG]: "o", v: out } : out;
    } finally {
      seen.delete(object);
    }
  }

  const props = islands.map(({ island, props }) => encode(props, island, "", new Set()));
  const encoded: Encoded = { props, signals };
  return JSON.stringify(encoded);
}

/** Escapes text for a `<script type="application/json">` element: no `</script>`, no `<!--`. */
export function escapeForScript(json: string): string {
  return json.replace(/</g, "\\u003c");
}

/** Reads what `serializeState` wrote; signals come back as `signal(value)`. */
export function deserializeState(json: string): Record<string, unknown>[] {
  const encoded = JSON.parse(json) as Encoded;
  const signals = encoded.signals.map(() => signal<unknown>(undefined));

  function decode(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    if (Array.isArray(value)) return value.map(decode);
    const object = value as Record<string, unknown>;
    switch (object[TAG]) {
      case "u":
        return undefined;
      case "n":
        return Number(object.v);
      case "b":
        return BigInt(object.v as string);
      case "d":
        return new Date(object.v === null ? NaN : object.v as string);
      case "s":
        return signals[object.i as number];
      case "o":
        return decodeEntries(object.v as Record<string, unknown>);
    }
    return decodeEntries(object);
  }

  function decodeEntries(object: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(object)) out[key] = decode(item);
    return out;
  }

  encoded.signals.forEach((value, i) => signals[i].value = decode(value));
  return encoded.props.map((props) => decode(props) as Record<string, unknown>);
}
