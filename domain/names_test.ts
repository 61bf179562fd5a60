import { deepEqual, equal, match, ok } from "node:assert/strict";
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

Deno.test("checkPersonName refuses bidi controls, invisible characters and separators", () => {
  const cases: [string, string][] = [
    ["Alice\u202Egpj.exe", "U+202E"], // right-to-left override: shows as "Aliceexe.jpg"
    ["Ada\u200B", "U+200B"], // zero-width space
    ["Ada\u2028Lovelace", "U+2028"], // line separator
    ["Ada\u2029Lovelace", "U+2029"], // paragraph separator
    ["\u2066Ada\u2069", "U+2066"], // left-to-right isolate
    ["Ada\u200ELovelace", "U+200E"], // left-to-right mark
    ["Ad\u00ADa", "U+00AD"], // soft hyphen
    ["Ad\uFEFFa", "U+FEFF"], // zero-width no-break space (trim() drops it only at the ends)
    ["Ada\u0085Lovelace", "U+0085"], // next line (C1 control)
    ["\u200DAda", "U+200D"], // a joiner with nothing to join
  ];
  for (const [name, code] of cases) {
    const result = checkPersonName(name);
    equal(result.ok, false, JSON.stringify(name));
    if (!result.ok) {
      match(result.error, /invisible or text-direction/);
      ok(result.error.includes(code), `${result.error} names ${code}`);
    }
  }
});

Deno.test("checkPersonName needs a visible character", () => {
  for (const blank of ["\u3164", "\u115F\u1160", "\u00A0\u3000", "\u0301", "\uFE0F"]) {
    const result = checkPersonName(blank);
    equal(result.ok, false, JSON.stringify(blank));
    if (!result.ok) match(result.error, /visible|enter a name/);
  }
});

Deno.test("checkPersonName keeps names from every script, and joiners inside words and emoji", () => {
  for (
    const name of [
      "محمد‌رضا", // Persian, with a zero-width non-joiner between the two parts
      "Иван Петров",
      "李小龍",
      "O'Brien-Smith, Jr.",
      "Ana 👩‍⚕️", // an emoji ZWJ sequence
      "שרה כהן",
    ]
  ) {
    deepEqual(checkPersonName(name), { ok: true, value: name.normalize("NFC") }, name);
  }
});
