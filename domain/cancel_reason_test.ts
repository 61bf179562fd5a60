import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { checkCancelReason, MAX_CANCEL_REASON_CHARS } from "./cancel_reason.ts";

Deno.test("checkCancelReason: optional, trimmed, bounded, nothing hidden", () => {
  deepStrictEqual(checkCancelReason("  "), { ok: true, value: "" });
  deepStrictEqual(checkCancelReason("  I am ill today. "), { ok: true, value: "I am ill today." });
  const long = checkCancelReason("x".repeat(MAX_CANCEL_REASON_CHARS + 1));
  strictEqual(long.ok, false);
  if (!long.ok) match(long.error, /300 characters or fewer/);
  strictEqual(checkCancelReason("ill\u202Etoday").ok, false);
  strictEqual(checkCancelReason("line\nbreak").ok, false);
});
