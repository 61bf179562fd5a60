import assert from "node:assert/strict";
import { redisUnavailable, startRedis } from "../../tests/helpers/redis.ts";
import { Ownership } from "./ownership.ts";
import { RedisLink } from "./redis_link.ts";

const unavailable = redisUnavailable();

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

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
      assert.equal(await a.ownerOf("p1"), "a");
      assert.equal(await b.ownerOf("p1"), "a", "a holds it: b forwards");
      assert.ok(a.holds("p1") && !b.holds("p1"));
      assert.equal(await b.peek("p1"), "a");

      // a gone silent (its alive key expired): b takes p1 over.
      await redis.cli("DEL", "fd:alive:a");
      assert.equal(await b.peek("p1"), null, "a dead holder is nobody");
      assert.equal(await b.ownerOf("p1"), "b");
      // a's heartbeat finds its claim taken.
      await a.renew();
      assert.deepEqual(lost, ["p1"]);
      assert.ok(!a.holds("p1"));

      // b's last socket of p1 closes: after the linger the claim is given up.
      b.add("p1");
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
