import assert from "node:assert/strict";
import { sourceOffsetFor } from "./signaling_bench.ts";

Deno.test("sourceOffsetFor: every server and phase on loopback addresses of its own", () => {
  for (const addresses of [1, 2, 8]) {
    const ranges = (["frontdesk", "reference", "deno-floor"] as const).flatMap((kind) =>
      (["held", "sweep"] as const).map((phase) => sourceOffsetFor(kind, phase, addresses))
    );
    const used = new Set<number>();
    for (const first of ranges) {
      for (let a = first; a < first + addresses; a++) {
        assert.ok(!used.has(a), `127.0.0.${2 + a} used twice with ${addresses} per range`);
        used.add(a);
      }
    }
    assert.ok(Math.max(...used) < 250, "within 127.0.0.2–127.0.0.251");
  }
  assert.equal(sourceOffsetFor("frontdesk", "held", 1), 0, "the held Frontdesk phase as before");
});
