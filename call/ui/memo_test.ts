import assert from "node:assert/strict";
import { sameProps } from "./memo.ts";

Deno.test("sameProps: same keys and values, whatever the order", () => {
  const stream = {};
  assert.equal(sameProps({ a: 1, s: stream }, { s: stream, a: 1 }), true);
  assert.equal(sameProps({ a: 1 }, { a: 2 }), false);
  assert.equal(sameProps({ a: 1 }, { a: 1, b: undefined }), false);
  assert.equal(sameProps({ s: {} }, { s: {} }), false);
  assert.equal(sameProps({ n: NaN }, { n: NaN }), true);
});
