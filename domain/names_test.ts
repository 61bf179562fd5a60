import { deepEqual } from "node:assert/strict";
import { checkPersonName } from "./names.ts";

Deno.test("checkPersonName trims, normalizes, and refuses empty, long or control-character names", () => {
  deepEqual(checkPersonName("  Zoë  "), { ok: true, value: "Zoë" });
  deepEqual(checkPersonName("Zoe\u0308"), { ok: true, value: "Zoë" });
  deepEqual(checkPersonName("").ok, false);
  deepEqual(checkPersonName("\t \n").ok, false);
  deepEqual(checkPersonName("😀".repeat(80)).ok, true);
  deepEqual(checkPersonName("😀".repeat(81)).ok, false);
  deepEqual(checkPersonName("A\u0007B").ok, false);
  deepEqual(checkPersonName("A\u007fB").ok, false);
});
