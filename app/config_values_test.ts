import assert from "node:assert/strict";
import { ConfigError, secretUrl, wholeNumber } from "./config_values.ts";

const RULE = { fallback: 5, min: 1, max: 9, what: "things" };

Deno.test("wholeNumber: blank is the default; digits within the bounds; anything else is refused", () => {
  assert.equal(wholeNumber("N", undefined, RULE), 5);
  assert.equal(wholeNumber("N", "  ", RULE), 5);
  assert.equal(wholeNumber("N", " 9 ", RULE), 9);
  for (const bad of ["0", "10", "-1", "1.5", "1e1", "0x3", "three"]) {
    assert.throws(
      () => wholeNumber("N", bad, { ...RULE, unit: "seconds" }),
      (e) =>
        e instanceof ConfigError &&
        e.message === `N must be a whole number of seconds from 1 to 9 (things), got "${bad}"`,
      bad,
    );
  }
});

Deno.test("secretUrl: checks scheme and host, and never repeats the value", () => {
  const rule = { protocols: ["x:"], needsHost: true, mustBe: "an x:// URL", otherwise: "or not" };
  assert.equal(secretUrl("U", undefined, rule), undefined);
  assert.equal(secretUrl("U", " x://me:pw@host/0 ", rule), "x://me:pw@host/0");
  for (const bad of ["y://me:s3cret@host", "x://", "not a url s3cret"]) {
    assert.throws(
      () => secretUrl("U", bad, rule),
      (e) =>
        e instanceof ConfigError && !e.message.includes("s3cret") &&
        e.message ===
          "U must be an x:// URL (the value is not repeated here: it may hold a password); or not",
      bad,
    );
  }
  assert.equal(secretUrl("U", "x:opaque", { ...rule, needsHost: false }), "x:opaque");
});
