/**
 * The real store with failures on demand, for tests of how the hub copes when the store fails:
 * every call goes through to the wrapped store, except calls of a method told to fail, which
 * reject. It re-implements nothing, so it cannot drift from production.
 *
 * @example
 * ```ts
 * const failing = withFailures(new SqliteStore(":memory:"));
 * failing.fail("setStatus", new Error("disk full"));
 * // … failing.store rejects every setStatus, the rest works …
 * failing.heal();
 * ```
 */
import type { Store } from "../../domain/store.ts";

/** The store methods that return a promise, the ones a failure can be injected into. */
export type AsyncMethod = {
  [K in keyof Store]: Store[K] extends (...args: never[]) => Promise<unknown> ? K : never;
}[keyof Store];

/** A real store and the switch that makes some of its methods fail. */
export interface FailingStore {
  /** The wrapped store as the hub sees it. */
  readonly store: Store;
  /** Makes every later call of `method` reject with `error`, until {@linkcode heal}. */
  fail(method: AsyncMethod, error: Error): void;
  /** Lets every method through again. */
  heal(): void;
}

/** Wraps `real` so that methods can be told to fail. */
export function withFailures(real: Store): FailingStore {
  const failures = new Map<PropertyKey, Error>();
  const store = new Proxy(real, {
    get(target, key) {
      const error = failures.get(key);
      if (error) return () => Promise.reject(error);
      const value = Reflect.get(target, key, target);
      // Bound to the real store: its methods use private fields, which a proxy does not have.
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    store,
    fail: (method, error) => void failures.set(method, error),
    heal: () => failures.clear(),
  };
}
