/**
 * This instance's link to Redis: one connection for publishing, one for commands (claims, the
 * heartbeat, held messages), one subscribed to its channels, all reconnecting on their own
 * (ioredis) and resubscribing. Commands have their own connection so that a heartbeat is never
 * queued behind a burst of publishes (`redis_link_test.ts`). It reports when the
 * link as a whole goes down and comes back, so the cluster layer can re-announce itself; while it
 * is down, commands fail at once instead of queueing (a claim must not be answered late).
 */
import { Redis } from "ioredis";
import { log } from "../../utils/log.ts";

/** What {@linkcode RedisLink} reports. */
export interface RedisLinkHandlers {
  /** All three connections are ready (first time, and after every reconnect). */
  up(): void;
  /** One of them dropped: what was in flight may be lost. */
  down(): void;
  message(channel: string, text: string): void;
}

/**
 * Sets `KEYS[1]` to `ARGV[1]` for `ARGV[2]` ms unless another instance whose alive key (prefix
 * `ARGV[3]` + its id) still exists holds it; returns the holder after the call.
 */
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v == false or v == ARGV[1] or redis.call('EXISTS', ARGV[3] .. v) == 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return ARGV[1]
end
return v`;

/** Deletes `KEYS[1]` if it still holds `ARGV[1]`. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Time between reconnect attempts: quick at first, at most 1 s. */
function retryDelay(attempt: number): number {
  return Math.min(100 * attempt, 1_000);
}

/** The two connections to Redis. */
export class RedisLink {
  readonly #cmd: Redis;
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #handlers: RedisLinkHandlers;
  #up = false;
  #everUp = false;
  #closing = false;
  /** Times the link came back after being down. */
  reconnects = 0;

  constructor(url: string, channels: string[], handlers: RedisLinkHandlers) {
    this.#handlers = handlers;
    const options = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: retryDelay,
      connectionName: "frontdesk",
    };
    this.#cmd = new Redis(url, options);
    this.#pub = new Redis(url, { ...options, connectionName: "frontdesk-publish" });
    // The subscriber's SUBSCRIBE is sent once connected, and again after every reconnect.
    this.#sub = new Redis(url, { ...options, enableOfflineQueue: true });
    this.#sub.subscribe(...channels).catch(() => {/* retried on reconnect */});
    this.#sub.on("message", (channel: string, text: string) => handlers.message(channel, text));
    for (const conn of [this.#cmd, this.#pub, this.#sub]) {
      conn.on("ready", () => this.#changed());
      conn.on("close", () => this.#changed());
      // The message names the host and port, never the password.
      conn.on("error", (err: Error) => {
        if (this.#up || !this.#everUp) log.warn("redis error", { error: err.message });
      });
    }
  }

  /** Whether all three connections are ready. */
  get up(): boolean {
    return this.#up;
  }

  /** Publishes `text` on `channel`; false (nothing sent) while the link is down. */
  publish(channel: string, text: string): boolean {
    if (!this.#up) return false;
    this.#pub.publish(channel, text).catch(() => {/* the link's down() says so */});
    return true;
  }

  /** Claims `key` for `me` (see {@linkcode CLAIM}); resolves with whoever holds it now. */
  async claim(key: string, me: string, ttlMs: number, alivePrefix: string): Promise<string> {
    return String(await this.#cmd.eval(CLAIM, 1, key, me, ttlMs, alivePrefix));
  }

  /**
   * Sets `alive` for `ttlMs` and claims every one of `keys` for `me`, in one round trip (a
   * pipeline): the heartbeat of an instance holding thousands of professionals must not take a
   * round trip each, or its first claims and its alive key expire before it is done. Resolves with
   * the holder of each key, in order (null where the claim failed).
   */
  async renewAll(
    alive: string,
    keys: string[],
    me: string,
    ttlMs: number,
    alivePrefix: string,
  ): Promise<(string | null)[]> {
    const pipeline = this.#cmd.pipeline().set(alive, "1", "PX", ttlMs);
    for (const key of keys) pipeline.eval(CLAIM, 1, key, me, ttlMs, alivePrefix);
    const replies = (await pipeline.exec()) ?? [];
    const [setError] = replies[0] ?? [new Error("no reply")];
    if (setError) throw setError;
    return keys.map((_, i) => {
      const [err, holder] = replies[i + 1] ?? [new Error("no reply")];
      return err ? null : String(holder);
    });
  }

  /** Gives up `key` if `me` still holds it. */
  async release(key: string, me: string): Promise<void> {
    await this.#cmd.eval(RELEASE, 1, key, me);
  }

  /** Sets `key` for `ttlMs`. */
  async setFor(key: string, value: string, ttlMs: number): Promise<void> {
    await this.#cmd.set(key, value, "PX", ttlMs);
  }

  /** Which of `keys` exist, in order. */
  async exist(keys: string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const found = await this.#cmd.pipeline(keys.map((k) => ["exists", k])).exec();
    return (found ?? []).map(([err, n]) => err === null && n === 1);
  }

  get(key: string): Promise<string | null> {
    return this.#cmd.get(key);
  }

  async del(key: string): Promise<void> {
    await this.#cmd.del(key);
  }

  /** Closes the three connections. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.allSettled([this.#cmd.quit(), this.#pub.quit(), this.#sub.quit()]);
    this.#cmd.disconnect();
    this.#pub.disconnect();
    this.#sub.disconnect();
  }

  #changed(): void {
    if (this.#closing) return;
    const up = [this.#cmd, this.#pub, this.#sub].every((c) => c.status === "ready");
    if (up === this.#up) return;
    this.#up = up;
    if (up) {
      if (this.#everUp) this.reconnects++;
      this.#everUp = true;
      log.info("redis connected", { reconnects: this.reconnects });
      this.#handlers.up();
    } else {
      log.warn("redis link lost; reconnecting");
      this.#handlers.down();
    }
  }
}
