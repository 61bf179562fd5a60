/**
 * The professionals' open dashboard sockets, grouped by professional, so a status change of one
 * appointment reaches exactly its professional's dashboards.
 */

/** Something a text frame can be sent to. */
export interface TextSink {
  send(text: string): void;
}

/** Dashboard sockets by professional id. */
export class Dashboards<S extends TextSink> {
  readonly #byPro = new Map<string, Set<S>>();

  /** Registers `s` as a dashboard of `professionalId`. */
  add(professionalId: string, s: S): void {
    let set = this.#byPro.get(professionalId);
    if (!set) this.#byPro.set(professionalId, set = new Set());
    set.add(s);
  }

  /** Forgets `s` (a no-op when it was not a dashboard). */
  remove(professionalId: string, s: S): void {
    const set = this.#byPro.get(professionalId);
    if (set?.delete(s) && set.size === 0) this.#byPro.delete(professionalId);
  }

  /** Whether `professionalId` has a dashboard open. */
  has(professionalId: string): boolean {
    return this.#byPro.has(professionalId);
  }

  /** Open dashboard sockets in all. */
  get size(): number {
    let n = 0;
    for (const set of this.#byPro.values()) n += set.size;
    return n;
  }

  /** Sends `text` to every dashboard of `professionalId`. */
  send(professionalId: string, text: string): void {
    for (const s of this.#byPro.get(professionalId) ?? []) s.send(text);
  }
}
