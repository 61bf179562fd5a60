import assert from "node:assert/strict";
import { labNamespacesNow, leftBehind } from "./lab_leftovers.ts";

Deno.test("leftBehind: only the namespaces this run added", () => {
  assert.deepEqual(leftBehind(["fdl-a"], ["fdl-a", "fdl-b"]), ["fdl-b"]);
  assert.deepEqual(leftBehind(["fdl-a"], []), []);
});

Deno.test("labNamespacesNow lists only the lab's own namespaces", async () => {
  for (const ns of await labNamespacesNow()) assert.ok(ns.startsWith("fdl-"), ns);
});
