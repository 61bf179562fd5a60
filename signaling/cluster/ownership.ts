/**
 * Which professionals' calls and dashboards this instance holds. Every socket of a professional's
 * appointments (and their dashboards) is served by one instance, the owner named in Redis under
 * `fd:owner:<professionalId>`: the first instance a socket of theirs reaches claims it, and keeps
 * it by its heartbeat while it has their sockets, and for `lingerMs` after the last one left (so
 * a seat kept for a dropped socket, and what is held for someone absent, are still here when they
 * come back). A dead instance's claims expire with its heartbeat.
 */
import type { RedisLink } from "./redis_link.ts";
import { aliveKeyOf, ownerKeyOf, PREFIX } from "./wire.ts";

const ALIVE_PREFIX = `${PREFIX}alive:`;

/** One professional held here. */
interface Held {
  sockets: number;
  releaseTimer?: ReturnType<typeof setTimeout>;
}

/** Options of {@linkcode Ownership}. */
export interface OwnershipOptions {
  link: RedisLink;
  /** This instance's id. */
  me: string;
  ttlMs: number;
  lingerMs: number;
  /** Another instance took `professionalId` (after a Redis restart): its sockets here must go. */
  lost(professionalId: string): void;
}

/** The professionals this instance holds. */
export class Ownership {
  readonly #held = new Map<string, Held>();
  readonly #o: OwnershipOptions;

  constructor(options: OwnershipOptions) {
    this.#o = options;
  }

  /** How many professionals are held here. */
  get size(): number {
    return this.#held.size;
  }

  /** Whether `professionalId` is held here (as far as this instance knows). */
  holds(professionalId: string): boolean {
    return this.#held.has(professionalId);
  }

  /** The instance holding `professionalId`, claiming it for this one if nobody (alive) does. */
  async ownerOf(professionalId: string): Promise<string> {
    const { link, me, ttlMs } = this.#o;
    const owner = await link.claim(ownerKeyOf(professionalId), me, ttlMs, ALIVE_PREFIX);
    if (owner === me && !this.#held.has(professionalId)) {
      this.#held.set(professionalId, { sockets: 0 });
      this.#scheduleRelease(professionalId);
    }
    return owner;
  }

  /** The instance holding `professionalId` if it is alive, without claiming it; else null. */
  async peek(professionalId: string): Promise<string | null> {
    const owner = await this.#o.link.get(ownerKeyOf(professionalId));
    if (owner === null || owner === this.#o.me) return owner;
    const [alive] = await this.#o.link.exist([aliveKeyOf(owner)]);
    return alive ? owner : null;
  }

  /** A socket of `professionalId` is served here. */
  add(professionalId: string): void {
    let held = this.#held.get(professionalId);
    if (!held) this.#held.set(professionalId, held = { sockets: 0 });
    held.sockets++;
    clearTimeout(held.releaseTimer);
    held.releaseTimer = undefined;
  }

  /** A socket of `professionalId` served here closed. */
  remove(professionalId: string): void {
    const held = this.#held.get(professionalId);
    if (!held) return;
    held.sockets = Math.max(0, held.sockets - 1);
    if (held.sockets === 0) this.#scheduleRelease(professionalId);
  }

  /**
   * The heartbeat: says this instance is alive and renews every claim. A claim another instance
   * took meanwhile (Redis restarted, and someone claimed first) is lost.
   */
  async renew(): Promise<void> {
    const { link, me, ttlMs } = this.#o;
    const ids = [...this.#held.keys()];
    const owners = await link.renewAll(
      aliveKeyOf(me),
      ids.map(ownerKeyOf),
      me,
      ttlMs,
      ALIVE_PREFIX,
    );
    // A failed claim (null) is tried again at the next beat, well within the TTL.
    ids.forEach((id, i) => {
      if (owners[i] !== null && owners[i] !== me) this.#lose(id);
    });
  }

  /** Gives up every claim (draining), and says this instance is gone. */
  async releaseAll(): Promise<void> {
    const { link, me } = this.#o;
    const ids = [...this.#held.keys()];
    for (const id of ids) clearTimeout(this.#held.get(id)!.releaseTimer);
    this.#held.clear();
    await Promise.allSettled(ids.map((id) => link.release(ownerKeyOf(id), me)));
    await link.del(aliveKeyOf(me)).catch(() => {});
  }

  /** Stops the release timers. */
  stop(): void {
    for (const held of this.#held.values()) clearTimeout(held.releaseTimer);
  }

  #lose(professionalId: string): void {
    clearTimeout(this.#held.get(professionalId)?.releaseTimer);
    this.#held.delete(professionalId);
    this.#o.lost(professionalId);
  }

  #scheduleRelease(professionalId: string): void {
    const held = this.#held.get(professionalId);
    if (!held) return;
    clearTimeout(held.releaseTimer);
    held.releaseTimer = setTimeout(() => {
      if (this.#held.get(professionalId) !== held || held.sockets > 0) return;
      this.#held.delete(professionalId);
      this.#o.link.release(ownerKeyOf(professionalId), this.#o.me).catch(() => {});
    }, this.#o.lingerMs);
  }
}
