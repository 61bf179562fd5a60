import assert from "node:assert/strict";
import { countdownText } from "./countdown.ts";

Deno.test("countdownText: the largest two units, rounded up to the second", () => {
  const s = 1000, min = 60 * s, h = 60 * min, day = 24 * h;
  assert.equal(countdownText(16 * min), "16 min 00 s");
  assert.equal(countdownText(15 * min + 57_001), "15 min 58 s");
  assert.equal(countdownText(42 * s), "42 s");
  assert.equal(countdownText(1), "1 s");
  assert.equal(countdownText(h + 5 * min + 30 * s), "1 h 05 min");
  assert.equal(countdownText(day + 3 * h), "1 day 3 h");
  assert.equal(countdownText(3 * day), "3 days 0 h");
});

Deno.test("countdownText: zero and the past say 0 s", () => {
  assert.equal(countdownText(0), "0 s");
  assert.equal(countdownText(-5000), "0 s");
});
