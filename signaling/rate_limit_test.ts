import { strictEqual } from "node:assert/strict";
import { TokenBucket } from "./rate_limit.ts";

Deno.test("TokenBucket allows a burst, then refills over time", () => {
  const bucket = new TokenBucket(3, 2, 0);
  strictEqual(bucket.take(0), true);
  strictEqual(bucket.take(0), true);
  strictEqual(bucket.take(0), true);
  strictEqual(bucket.take(0), false);
  strictEqual(bucket.take(499), false);
  strictEqual(bucket.take(500), true);
  strictEqual(bucket.take(500), false);
});

Deno.test("TokenBucket never holds more than the burst", () => {
  const bucket = new TokenBucket(2, 100, 0);
  let taken = 0;
  while (bucket.take(1_000_000)) taken++;
  strictEqual(taken, 2);
});

Deno.test("TokenBucket ignores a clock going backwards", () => {
  const bucket = new TokenBucket(1, 1, 1000);
  strictEqual(bucket.take(1000), true);
  strictEqual(bucket.take(0), false);
  strictEqual(bucket.take(1500), false);
  strictEqual(bucket.take(2000), true);
});
