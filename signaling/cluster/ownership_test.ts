import assert from "node:assert/strict";
import { redisUnavailable, startRedis } from "../../tests/helpers/redis.ts";
import { Ownership } from "./ownership.ts";
import { RedisLink } from "./redis_link.ts";
import { startSlowTcp } from "../../tests/helpers/slow_tcp.ts";
import { until } from "../testing/until.ts";

const unavailable = redisUnavailable();

Deno.test({
  name: "ownership: claimed once, taken over from a dead holder, released after the linger",
  ignore: unavailable !== null,
  fn: async () => {
    const redis = await startRedis();
    const link = new RedisLink(redis.url, ["x"], { up() {}, down() {}, message() {} });
    const lost: string[] = [];
    const make = (me: string) =>
      new Ownership({ link, me, ttlMs: 5_000, lingerMs: 50, lost: (id) => lost.push(id) });
    const a = make("a");
    const b = make("b");
    try {
      await until("up", () => link.up);
      await a.renew();
      await b.renew();
      // Each claim is held by a socket at once, as the hub does: a claim without one is given
      // up after the 50 ms linger, which a loaded machine can spend between two lines here.
      assert.equal(await a.ownerOf("p1"), "a");
      a.add("p1");
      assert.equal(await b.ownerOf("p1"), "a", "a holds it: b forwards");
      assert.ok(a.holds("p1") && !b.holds("p1"));
      assert.equal(await b.peek("p1"), "a");

      // a gone silent (its alive key expired): b takes p1 over.
      await redis.cli("DEL", "fd:alive:a");
      assert.equal(await b.peek("p1"), null, "a dead holder is nobody");
      assert.equal(await b.ownerOf("p1"), "b");
      b.add("p1");
      // a's heartbeat finds its claim taken.
      await a.renew();
      assert.deepEqual(lost, ["p1"]);
      assert.ok(!a.holds("p1"));

      // b's last socket of p1 closes: after the linger the claim is given up.
      b.remove("p1");
      assert.ok(b.holds("p1"));
      await until("released", async () => await redis.cli("EXISTS", "fd:owner:p1") === "0");
      assert.ok(!b.holds("p1"));

      // Draining gives up everything, and the alive key.
      await b.ownerOf("p2");
      b.add("p2");
      await b.releaseAll();
      assert.equal(await redis.cli("EXISTS", "fd:owner:p2"), "0");
      assert.equal(await redis.cli("EXISTS", "fd:alive:b"), "0");
    } finally {
      a.stop();
      b.stop();
      await link.close();
      await redis.stop();
    }
  },
});

Deno.test({
  name: "ownership: a heartbeat renews thousands of claims in one round trip, before any expires",
  ignore: unavailable !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const redis = await startRedis();
    // 25 ms each way: one round trip per claim would take 1,000 × 50 ms, far past the 2 s TTL.
    const far = startSlowTcp({ hostname: "127.0.0.1", port: redis.port }, 25);
    const link = new RedisLink(`redis://127.0.0.1:${far.port}`, ["x"], {
      up() {},
      down() {},
      message() {},
    });
    const lost: string[] = [];
    const a = new Ownership({
      link,
      me: "a",
      ttlMs: 2_000,
      lingerMs: 60_000,
      lost: (id) => lost.push(id),
    });
    const ids = Array.from({ length: 1_000 }, (_, i) => `p${i}`);
    try {
      await until("up", () => link.up);
      await a.renew();
      // Claimed all at once (commands in flight together share round trips).
      assert.deepEqual(new Set(await Promise.all(ids.map((id) => a.ownerOf(id)))), new Set(["a"]));
      await new Promise((r) => setTimeout(r, 1_200));
      await a.renew();
      // Right after the beat every claim and the alive key have (nearly) their whole TTL again.
      const ttls = (await redis.cli("EVAL", PTTLS, "0", "1000")).split("\n").map(Number);
      assert.equal(ttls.length, 1_001);
      assert.ok(
        Math.min(...ttls) > 1_000,
        `every claim and the alive key renewed: ${Math.min(...ttls)} ms left`,
      );
      assert.deepEqual(lost, []);
      assert.equal(ids.filter((id) => a.holds(id)).length, 1_000);
    } finally {
      a.stop();
      await link.close();
      far.close();
      await redis.stop();
    }
  },
});

/** PTTL of fd:alive:a and of fd:owner:p0 … p<ARGV[1]-1>, one per line. */
const PTTLS = `
local out = { redis.call('PTTL', 'fd:alive:a') }
for i = 0, tonumber(ARGV[1]) - 1 do out[#out + 1] = redis.call('PTTL', 'fd:owner:p' .. i) end
return out`;
