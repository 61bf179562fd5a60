import assert from "node:assert/strict";
import { redisUnavailable, startRedis } from "../../tests/helpers/redis.ts";
import { RedisLink } from "./redis_link.ts";
import { Redis } from "ioredis";
import { startSlowTcp } from "../../tests/helpers/slow_tcp.ts";
import { until } from "../testing/until.ts";

const unavailable = redisUnavailable();

Deno.test({
  name: "redis link: a heartbeat is not queued behind a burst of publishes",
  ignore: unavailable !== null,
  fn: async () => {
    const redis = await startRedis();
    // A thin link (1 MB/s each way per connection): the burst below takes about 2 s to pass.
    const thin = startSlowTcp({ hostname: "127.0.0.1", port: redis.port }, 1, 1_000_000);
    let received = 0;
    const link = new RedisLink(`redis://127.0.0.1:${thin.port}`, ["burst"], {
      up() {},
      down() {},
      message: () => void received++,
    });
    // Asks Redis how many publishes it has run so far.
    const probe = new Redis(redis.url);
    const published = async () =>
      Number((await probe.info("commandstats")).match(/cmdstat_publish:calls=(\d+)/)?.[1] ?? 0);
    try {
      await until("up", () => link.up);
      await probe.ping();
      const total = 20_000;
      const text = JSON.stringify({ k: "in", sid: "s", text: "x".repeat(80) });
      for (let i = 0; i < total; i++) assert.ok(link.publish("burst", text));
      // The beat is answered while Redis is still working through the burst, not after it.
      await link.renewAll("fd:alive:me", ["fd:owner:p"], "me", 10_000, "fd:alive:");
      const atBeat = await published();
      assert.equal(await redis.cli("GET", "fd:owner:p"), "me");
      await until("the whole burst", () => received === total, 60_000);
      assert.ok(atBeat < total, `the beat waited for all ${atBeat} publishes queued before it`);
    } finally {
      probe.disconnect();
      await link.close();
      thin.close();
      await redis.stop();
    }
  },
});
