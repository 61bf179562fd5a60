import { equal, match, ok, rejects } from "node:assert/strict";
import { bundleClient } from "./bundle.ts";
import { request } from "./testdata/fixture.ts";

async function bundleUrls(): Promise<string[]> {
  const html = await (await request("/islands")).text();
  return [...html.matchAll(/modulepreload" href="([^"]+)"/g)].map((m) => m[1]);
}

Deno.test("bundle files are served as immutable JavaScript", async () => {
  const urls = await bundleUrls();
  ok(urls.length >= 3, "boot, islands and shared chunks");
  for (const url of urls) {
    const response = await request(url);
    equal(response.status, 200, url);
    equal(response.headers.get("Content-Type"), "text/javascript; charset=utf-8");
    equal(response.headers.get("Cache-Control"), "public, max-age=31536000, immutable");
    equal(response.headers.get("X-Destination"), "internal");
    ok((await response.text()).length > 0);
  }
});

Deno.test("unknown bundle files and stale build ids are 404", async () => {
  const [url] = await bundleUrls();
  for (const path of [url.replace(/[0-9a-f]{16}/, "0000000000000000"), url + "x"]) {
    const response = await request(path);
    await response.body?.cancel();
    equal(response.status, 404, path);
  }
});

Deno.test("the boot chunk exports revive and island chunks export a default", async () => {
  const urls = await bundleUrls();
  const boot = await (await request(urls.find((u) => u.endsWith("/client/boot.js"))!)).text();
  match(boot, /export\{\w+ as revive\}/);
  const counter = await (await request(urls.find((u) => u.endsWith("/Counter.js"))!)).text();
  match(counter, /as default\}/);
});

Deno.test("a bundle error is thrown with the bundler's message", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/Broken.tsx`, `import "./does-not-exist.ts";\n`);
    await rejects(
      bundleClient(
        new URL("./client/boot.ts", import.meta.url),
        new Map([["broken", new URL(`file://${dir}/Broken.tsx`)]]),
        Deno.cwd(),
      ),
      /Bundling islands failed:[\s\S]*does-not-exist/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
