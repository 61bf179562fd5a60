import assert from "node:assert/strict";
import { within } from "./within.ts";

Deno.test("within: a promise settling in time, fulfilled or rejected, is true", async () => {
  assert.equal(await within(Promise.resolve(1), 1_000), true);
  assert.equal(await within(Promise.reject(new Error("no")), 1_000), true);
});

Deno.test("within: a promise that never settles is false after the limit", async () => {
  assert.equal(await within(new Promise(() => {}), 10), false);
});
