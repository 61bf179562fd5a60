import { deepStrictEqual } from "node:assert/strict";
import { serverV8Flags, v8FlagsOf } from "./v8_flags.ts";

Deno.test("v8FlagsOf reads the comma-separated --v8-flags of a task", () => {
  deepStrictEqual(v8FlagsOf("deno run -A --v8-flags=--a=4,--b main.ts"), ["--a=4", "--b"]);
  deepStrictEqual(v8FlagsOf("deno run -A main.ts"), []);
  deepStrictEqual(v8FlagsOf("deno run --v8-flags= main.ts"), []);
});

Deno.test("the bench starts Frontdesk with the start task's V8 flags", async () => {
  const flags = await serverV8Flags();
  // The young generation is kept small and GC runs on the main thread (README, Performance).
  deepStrictEqual(flags, ["--single-threaded-gc"]);
});
