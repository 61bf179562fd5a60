import assert from "node:assert/strict";
import { isTimeZone, offsetForLocal, toLocalInput } from "./zoned_time.ts";

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
});

Deno.test("offsetForLocal answers undefined, never throws, for extreme or malformed times", () => {
  // Once a RangeError ("Invalid time value") and a 500 from the dashboard form.
  assert.equal(offsetForLocal("Pacific/Kiritimati", "9999-12-31T23:59"), undefined);
  assert.equal(offsetForLocal("UTC", "0000-01-01T00:00"), undefined);
  assert.equal(offsetForLocal("Pacific/Pago_Pago", "0001-01-01T00:00"), undefined);
  assert.equal(offsetForLocal("UTC", "+275760-09-13T00:00"), undefined);
  assert.equal(offsetForLocal("UTC", "2026-12-01T09:00:00"), undefined);
  assert.equal(offsetForLocal("UTC", "2026-13-01T09:00"), undefined);
  assert.equal(offsetForLocal("UTC", ""), undefined);
  // The edges of the accepted years still work.
  assert.equal(offsetForLocal("Pacific/Kiritimati", "9000-12-31T23:59"), -840);
  assert.equal(offsetForLocal("UTC", "1000-01-01T00:00"), 0);
});
