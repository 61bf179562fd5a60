import assert from "node:assert/strict";
import { formatClock, isTimeZone, offsetForLocal, toLocalInput } from "./time.ts";

Deno.test("time zones are validated", () => {
  assert.ok(isTimeZone("Europe/Paris"));
  assert.ok(isTimeZone("UTC"));
  assert.ok(!isTimeZone("Mars/Olympus"));
  assert.ok(!isTimeZone(""));
});

Deno.test("local wall time converts both ways, across DST", () => {
  // 2026-07-01 Paris is UTC+2 (offset -120), 2026-12-01 it is UTC+1 (-60).
  assert.equal(offsetForLocal("Europe/Paris", "2026-07-01T14:50"), -120);
  assert.equal(offsetForLocal("Europe/Paris", "2026-12-01T14:50"), -60);
  assert.equal(offsetForLocal("America/New_York", "2026-12-01T09:00"), 300);
  assert.equal(offsetForLocal("UTC", "2026-12-01T09:00"), 0);
  const ms = Date.UTC(2026, 6, 1, 12, 50);
  assert.equal(toLocalInput(ms, "Europe/Paris"), "2026-07-01T14:50");
  assert.equal(formatClock(ms, "Europe/Paris"), "14:50");
});
