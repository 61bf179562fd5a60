import { equal, match, ok } from "node:assert/strict";
import { createStaticFiles, isTraversalAttempt } from "./static_files.ts";
import { fixtureHandler, request } from "./testdata/fixture.ts";

Deno.test("static files are served with type, strong ETag and 304 on a match", async () => {
  const response = await request("/styles.css");
  equal(response.status, 200);
  equal(response.headers.get("Content-Type"), "text/css; charset=utf-8");
  equal(
    await response.text(),
    await Deno.readTextFile(new URL("./testdata/app/static/styles.css", import.meta.url)),
  );
  const etag = response.headers.get("ETag");
  match(etag ?? "", /^"[0-9a-f]{32}"$/);
  const again = await request("/styles.css", { headers: { "If-None-Match": etag! } });
  equal(again.status, 304);
  equal(again.body, null);
  equal(again.headers.get("ETag"), etag);
  const weak = await request("/styles.css", { headers: { "If-None-Match": `"x", W/${etag}` } });
  equal(weak.status, 304);
  const other = await request("/styles.css", { headers: { "If-None-Match": '"nope"' } });
  equal(other.status, 200);
  await other.body?.cancel();
});

Deno.test("nested static files and HEAD", async () => {
  equal(await (await request("/nested/file.txt")).text(), "nested file\n");
  const head = await request("/robots.txt", { method: "HEAD" });
  equal(head.status, 200);
  equal(head.body, null);
  equal(head.headers.get("Content-Type"), "text/plain; charset=utf-8");
});

Deno.test("asset() URLs are cached immutably", async () => {
  const { asset } = await import("./runtime.ts");
  const url = asset("/styles.css");
  match(url, /^\/styles\.css\?__frsh_c=[0-9a-f]{16}$/);
  const response = await request(url);
  await response.body?.cancel();
  equal(response.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
  const plain = await request("/styles.css");
  await plain.body?.cancel();
  equal(plain.headers.get("Cache-Control"), "no-cache");
});

Deno.test("the ETag changes when the file changes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = createStaticFiles(dir);
    await Deno.writeTextFile(`${dir}/a.txt`, "one");
    const first = await files.lookup("/a.txt");
    await Deno.writeTextFile(`${dir}/a.txt`, "two!");
    const second = await files.lookup("/a.txt");
    ok(first && second && first.etag !== second.etag);
    equal(await files.lookup("/missing.txt"), null);
    equal(await files.lookup("/"), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a symlink out of static/ is not served", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/static`);
    await Deno.writeTextFile(`${dir}/secret.txt`, "secret");
    await Deno.symlink(`${dir}/secret.txt`, `${dir}/static/link.txt`);
    equal(await createStaticFiles(`${dir}/static`).lookup("/link.txt"), null);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("path traversal in any spelling is a 404", async () => {
  for (
    const path of [
      "/..%2f..%2fetc/passwd",
      "/%2e%2e/deno.json",
      "/%2E%2E%2Fdeno.json",
      "/files/..%2f..%2fdeno.json",
      "/..%5c..%5cdeno.json",
      "/styles.css%00.txt",
      "/%zz",
    ]
  ) {
    const response = await request(path);
    const body = await response.text();
    equal(response.status, 404, path);
    ok(!body.includes("lock"), path);
  }
  ok(isTraversalAttempt("/a/..%2fb"));
  ok(isTraversalAttempt("/a%5cb"));
  ok(!isTraversalAttempt("/a/b.css"));
});

Deno.test("raw traversal request lines over a real socket get 404", async () => {
  const handler = await fixtureHandler();
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, handler);
  try {
    for (
      const path of [
        "/..%2f..%2fetc/passwd",
        "/%2e%2e/deno.json",
        "/../deno.json",
        "/a/../../deno.json",
      ]
    ) {
      const connection = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
      try {
        await connection.write(
          new TextEncoder().encode(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
        );
        const reply = new TextDecoder().decode(
          (await Array.fromAsync(connection.readable)).reduce((a, b) =>
            new Uint8Array([...a, ...b])
          ),
        );
        match(reply, /^HTTP\/1\.1 404/, path);
        ok(!reply.includes("nodeModulesDir"), path);
      } finally {
        try {
          connection.close();
        } catch {
          // already closed by the readable stream ending
        }
      }
    }
  } finally {
    await server.shutdown();
  }
});
