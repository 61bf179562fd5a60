import assert from "node:assert/strict";
import { redisUnavailable, startRedis } from "../../tests/helpers/redis.ts";
import type { HeldMessages } from "../held_messages.ts";
import { HeldOnRedis } from "./held_on_redis.ts";
import { RedisLink } from "./redis_link.ts";

const unavailable = redisUnavailable();

Deno.test({
  name: "held on redis: a burst is one write, restored once by the next opener, emptied is deleted",
  ignore: unavailable !== null,
  fn: async () => {
    const redis = await startRedis();
    const link = new RedisLink(redis.url, ["x"], { up() {}, down() {}, message() {} });
    try {
      while (!link.up) await new Promise((r) => setTimeout(r, 10));
      const here = new HeldOnRedis(link, 60_000);
      const held: HeldMessages = { list: [], bytes: 0 };
      for (let i = 0; i < 3; i++) {
        held.list.push({ from: "client", to: "pro", type: "ice", text: `t${i}`, bytes: 2 });
        held.bytes += 2;
        here.changed("appt", held);
      }
      await here.flush();
      const stats = await redis.cli("INFO", "commandstats");
      assert.match(stats, /cmdstat_set:calls=1,/, "three changes, one write");
      const stored = JSON.parse(await redis.cli("GET", "fd:held:appt"));
      assert.deepEqual(stored.list.map((h: { text: string }) => h.text), ["t0", "t1", "t2"]);
      assert.ok(Number(await redis.cli("PTTL", "fd:held:appt")) > 0, "it expires");

      const next = new HeldOnRedis(link, 60_000);
      assert.equal(next.restore("appt"), undefined, "nothing before a prefetch");
      await next.prefetch("appt");
      assert.deepEqual(next.restore("appt"), stored);
      assert.equal(next.restore("appt"), undefined, "restored once");

      next.changed("appt", { list: [], bytes: 0 });
      await next.flush();
      assert.equal(await redis.cli("EXISTS", "fd:held:appt"), "0");
    } finally {
      await link.close();
      await redis.stop();
    }
  },
});
