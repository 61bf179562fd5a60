/**
 * Sockets grouped under a key (a session, an appointment), so the hub can count them against a
 * cap and close one group at once without scanning every socket.
 */

/** Sets of sockets by key; an emptied group is dropped. */
export class SocketGroups<S> {
  readonly #groups = new Map<string, Set<S>>();

  /** Adds `s` under `key`. */
  add(key: string, s: S): void {
    let group = this.#groups.get(key);
    if (!group) this.#groups.set(key, group = new Set());
    group.add(s);
  }

  /** Removes `s` from `key` (a no-op when it is not there). */
  remove(key: string, s: S): void {
    const group = this.#groups.get(key);
    if (group?.delete(s) && group.size === 0) this.#groups.delete(key);
  }

  /** How many sockets `key` holds. */
  count(key: string): number {
    return this.#groups.get(key)?.size ?? 0;
  }

  /** A copy of `key`'s sockets, safe to iterate while closing them. */
  members(key: string): S[] {
    return [...this.#groups.get(key) ?? []];
  }
}
