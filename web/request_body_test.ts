import assert from "node:assert/strict";
import { readBytes, readForm, readJson } from "./request_body.ts";

/**
 * A body of `chunks` chunks of `size` bytes that counts how many were pulled
 * and whether it was cancelled, like a client still sending.
 */
function endlessish(chunks: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) return controller.close();
      seen.pulled++;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
    cancel() {
      seen.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { body, seen };
}

const post = (body: BodyInit | null, headers: HeadersInit = {}) =>
  new Request("http://127.0.0.1/x", { method: "POST", body, headers });

Deno.test("readBytes stops pulling and cancels the stream as soon as the cap is passed", async () => {
  const { body, seen } = endlessish(10_000, 1024);
  const result = await readBytes(post(body), 8 * 1024);
  assert.deepEqual(result, { ok: false, reason: "too_large" });
  assert.equal(seen.pulled, 9, "read one chunk past the cap, no more");
  assert.ok(seen.cancelled);
});

Deno.test("readBytes refuses a declared Content-Length over the cap without reading", async () => {
  const { body, seen } = endlessish(10, 1024);
  const req = post(body, { "content-length": "999999" });
  assert.deepEqual(await readBytes(req, 1024), { ok: false, reason: "too_large" });
  assert.equal(seen.pulled, 0);
  for (const bad of ["abc", "-1x"]) {
    assert.deepEqual(await readBytes(post("a", { "content-length": bad }), 1024), {
      ok: false,
      reason: "too_large",
    });
  }
});

Deno.test("readBytes returns a body at the cap exactly, and an empty one", async () => {
  const { body } = endlessish(8, 1024);
  const result = await readBytes(post(body), 8 * 1024);
  assert.ok(result.ok);
  assert.equal(result.value.byteLength, 8 * 1024);
  const empty = await readBytes(post(null), 10);
  assert.ok(empty.ok && empty.value.byteLength === 0);
});

Deno.test("readBytes reports a body that breaks off as unreadable", async () => {
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new Uint8Array(10));
      c.error(new Error("connection reset"));
    },
  });
  assert.deepEqual(await readBytes(post(body), 1024), { ok: false, reason: "unreadable" });
});

Deno.test("readForm parses urlencoded and multipart forms within the cap", async () => {
  const url = await readForm(
    post("csrf=abc&clientName=Zo%C3%AB", {
      "content-type": "application/x-www-form-urlencoded",
    }),
    1024,
  );
  assert.ok(url.ok);
  assert.equal(url.value.get("clientName"), "Zoë");
  const fd = new FormData();
  fd.set("csrf", "xyz");
  const multipart = await readForm(new Request("http://x/", { method: "POST", body: fd }), 1024);
  assert.ok(multipart.ok);
  assert.equal(multipart.value.get("csrf"), "xyz");
  assert.deepEqual(await readForm(post("a=1", { "content-type": "text/plain" }), 1024), {
    ok: false,
    reason: "unreadable",
  });
  assert.deepEqual(
    await readForm(
      post("a=" + "x".repeat(2000), { "content-type": "application/x-www-form-urlencoded" }),
      1024,
    ),
    { ok: false, reason: "too_large" },
  );
});

Deno.test("readJson parses JSON within the cap and refuses bad JSON or bad UTF-8", async () => {
  assert.deepEqual(await readJson(post('{"token":"t"}'), 100), {
    ok: true,
    value: { token: "t" },
  });
  assert.deepEqual(await readJson(post("{nope"), 100), { ok: false, reason: "unreadable" });
  assert.deepEqual(await readJson(post(new Uint8Array([0x22, 0xff, 0x22])), 100), {
    ok: false,
    reason: "unreadable",
  });
  assert.deepEqual(await readJson(post('"' + "x".repeat(200) + '"'), 100), {
    ok: false,
    reason: "too_large",
  });
});
