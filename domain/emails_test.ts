import { deepEqual, equal } from "node:assert/strict";
import { checkEmail, isPlaceholderEmail, placeholderEmail } from "./emails.ts";

Deno.test("checkEmail trims and lower-cases a valid address", () => {
  deepEqual(checkEmail("  Ada.Lovelace@Example.COM "), {
    ok: true,
    value: "ada.lovelace@example.com",
  });
});

Deno.test("checkEmail refuses what is not an address, in plain words", () => {
  for (const bad of ["", "   ", "ada", "ada@", "@example.com", "a b@example.com", 42, undefined]) {
    const r = checkEmail(bad);
    equal(r.ok, false, String(bad));
  }
  equal(checkEmail(`${"a".repeat(250)}@example.com`).ok, false);
});

Deno.test("placeholder addresses cannot be typed in and are recognised", () => {
  const p = placeholderEmail("0f1e");
  equal(isPlaceholderEmail(p), true);
  equal(checkEmail(p).ok, false);
  equal(isPlaceholderEmail("ada@example.com"), false);
});
