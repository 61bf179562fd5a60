/**
 * Messages held for someone absent, kept in Redis too (`fd:held:<appointmentId>`), so they outlive
 * the instance holding the room: the next instance to open the room starts from them. Bounded as
 * in memory (the room's capacity: 256 messages, 256 KiB) and by a TTL. Writes are coalesced per
 * room (a burst of candidates is one write); the room opening reads what {@linkcode prefetch}
 * loaded just before the socket reached the hub, since a room opens synchronously.
 */
import type { HeldMessages, HeldMirror } from "../held_messages.ts";
import type { RedisLink } from "./redis_link.ts";
import { PREFIX } from "./wire.ts";

/** How long a prefetched copy may wait for its room to open. */
const PREFETCH_FRESH_MS = 10_000;

/** How long writes of one room are gathered into one. */
const COALESCE_MS = 10;

function keyOf(appointmentId: string): string {
  return `${PREFIX}held:${appointmentId}`;
}

/** The Redis side of the rooms' held messages. */
export class HeldOnRedis implements HeldMirror {
  readonly #link: RedisLink;
  readonly #ttlMs: number;
  readonly #prefetched = new Map<string, { held: HeldMessages; at: number }>();
  readonly #dirty = new Map<string, HeldMessages>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> = Promise.resolve();

  constructor(link: RedisLink, ttlMs: number) {
    this.#link = link;
    this.#ttlMs = ttlMs;
  }

  /** Loads what Redis holds for `appointmentId`, for its room opening next. */
  async prefetch(appointmentId: string): Promise<void> {
    if (!this.#link.up || this.#dirty.has(appointmentId)) return;
    const text = await this.#link.get(keyOf(appointmentId)).catch(() => null);
    if (text === null) return;
    try {
      const held = JSON.parse(text) as HeldMessages;
      if (Array.isArray(held.list)) {
        this.#prefetched.set(appointmentId, { held, at: Date.now() });
      }
    } catch {
      // Not ours: ignored.
    }
  }

  restore(appointmentId: string): HeldMessages | undefined {
    const found = this.#prefetched.get(appointmentId);
    this.#prefetched.delete(appointmentId);
    if (!found || Date.now() - found.at > PREFETCH_FRESH_MS) return undefined;
    return found.held;
  }

  changed(appointmentId: string, held: HeldMessages): void {
    this.#prefetched.delete(appointmentId);
    this.#dirty.set(appointmentId, structuredClone(held));
    this.#timer ??= setTimeout(() => void this.flush(), COALESCE_MS);
  }

  /** Writes what changed (also before a drain ends). */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = [...this.#dirty];
    this.#dirty.clear();
    this.#writing = this.#writing.then(async () => {
      for (const [id, held] of batch) {
        const key = keyOf(id);
        const write = held.list.length === 0
          ? this.#link.del(key)
          : this.#link.setFor(key, JSON.stringify(held), this.#ttlMs);
        await write.catch(() => {/* Redis down: kept in memory only */});
      }
    });
    return this.#writing;
  }
}
