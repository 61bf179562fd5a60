/**
 * The contract every {@linkcode Store} keeps, as tests any backend can run: a backend's test file
 * calls `storeContract` with a way to open a fresh, empty store, and the same cases run against
 * it. `sqlite_store_contract_test.ts` runs them on SQLite, `postgres_store_contract_test.ts` on a
 * real PostgreSQL. Backend-only matters (SQLite's file modes, WAL, old schema versions;
 * PostgreSQL's migration lock) stay in their own test files.
 *
 * ```ts
 * storeContract({
 *   name: "sqlite",
 *   open: async ({ now }) => {
 *     const store = new SqliteStore(":memory:", now);
 *     return { store, another: …, breakAudit: …, close: () => store.close() };
 *   },
 * });
 * ```
 */
import type { Store } from "./store.ts";
import { accountsContract } from "./store_contract_accounts.ts";
import { appointmentsContract } from "./store_contract_appointments.ts";
import { guestsContract } from "./store_contract_guests.ts";
import { invitationsContract } from "./store_contract_invitations.ts";

/** One fresh, empty store and what the contract needs around it. */
export interface StoreHarness {
  store: Store;
  /**
   * Another store on the same database, through its own connection(s), for the "two instances
   * at once" cases. Closed by the harness's `close`.
   */
  another(): Promise<Store>;
  /**
   * Makes every audit insert fail (from outside the store, as a broken disk or a constraint
   * would), until the returned function is awaited. Used to prove changes and their audit rows
   * commit or roll back together.
   */
  breakAudit(): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** The store's clock (default `Date.now`). */
  now?: () => number;
  /**
   * The case uses `another` or `breakAudit`: a backend that is cheaper without them (SQLite's
   * `:memory:`) opens a shareable database instead.
   */
  shared?: boolean;
}

/** A backend under test. */
export interface ContractBackend {
  /** Prefixes every test name, e.g. "sqlite". */
  name: string;
  open(options: OpenOptions): Promise<StoreHarness>;
  /** Options for every case (e.g. `ignore` with a reason printed by the caller). */
  testOptions?: Omit<Deno.TestDefinition, "name" | "fn">;
}

/** Opens stores for one case; every store opened is closed when the case ends. */
export type Open = (options?: OpenOptions) => Promise<StoreHarness>;

/** Registers one contract case for `backend`. */
export type ContractTest = (name: string, fn: (open: Open) => Promise<void>) => void;

/** Registers every contract case as a `Deno.test` for `backend`. */
export function storeContract(backend: ContractBackend): void {
  const test: ContractTest = (name, fn) =>
    Deno.test({
      ...backend.testOptions,
      name: `${backend.name} store: ${name}`,
      fn: async () => {
        const opened: StoreHarness[] = [];
        const open: Open = async (options = {}) => {
          const harness = await backend.open(options);
          opened.push(harness);
          return harness;
        };
        try {
          await fn(open);
        } finally {
          for (const harness of opened.reverse()) await harness.close();
        }
      },
    });
  accountsContract(test);
  appointmentsContract(test);
  invitationsContract(test);
  guestsContract(test);
}
