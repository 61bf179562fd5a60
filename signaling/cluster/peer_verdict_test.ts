import assert from "node:assert/strict";
import { PeerVerdict } from "./peer_verdict.ts";

Deno.test("peer verdict: dead after two missed checks in a row, not after one late beat", () => {
  const v = new PeerVerdict();
  assert.deepEqual(v.confirm(["a"]), new Set(), "one miss: only a suspect");
  assert.deepEqual(v.confirm([]), new Set(), "its beat came late, but it came");
  assert.deepEqual(v.confirm(["a", "b"]), new Set(), "suspects again, from scratch");
  assert.deepEqual(v.confirm(["a"]), new Set(["a"]), "a missed twice in a row");
  assert.deepEqual(v.confirm(["b"]), new Set(), "b's misses were not in a row");
});
