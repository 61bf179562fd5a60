/**
 * End to end: the fixture app of `fresh/` served for real, opened in Chromium. Proves islands
 * hydrate (click → increment), signal props come back as shared signals, and a page without
 * islands loads no script.
 */
import { equal, ok } from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { createHandler } from "$fresh/server.ts";
import manifest from "../fresh/testdata/app/fresh.gen.ts";
import { launchBrowser, saveScreenshot } from "./helpers/browser.ts";

Deno.test({
  name: "fresh islands hydrate in Chromium; island-free pages load no script",
  // Playwright keeps its pipe and child process bookkeeping open past browser.close().
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen() {} },
      await createHandler(manifest),
    );
    const origin = `http://127.0.0.1:${server.addr.port}`;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        // Chromium asks for /favicon.ico on its own; the fixture has none.
        const favicon = message.location().url.endsWith("/favicon.ico");
        if (message.type() === "error" && !favicon) errors.push(message.text());
      });
      const scripts: string[] = [];
      page.on("request", (req) => {
        if (req.resourceType() === "script") scripts.push(req.url());
      });

      await page.goto(`${origin}/islands`);
      const first = page.locator('.counter[data-label="first"]').first();
      await first.locator("button").click();
      await first.locator(".count", { hasText: "4" }).waitFor();
      await first.locator("button").click();
      await first.locator(".count", { hasText: "5" }).waitFor();

      // The same signal was given to Echo and to the "shared" Counter: one click updates both.
      const shared = page.locator('.counter[data-label="shared"]');
      await shared.locator("button").click();
      await shared.locator(".count", { hasText: "1" }).waitFor();
      await shared.locator(".shared", { hasText: "11" }).waitFor();
      await page.locator(".echo-shared", { hasText: "11" }).waitFor();
      equal(await page.locator(".echo-types").textContent(), "date|true|1,two");

      // The Counter inside the Outer island is hydrated by Outer as a plain component.
      const inner = page.locator('.counter[data-label="inner"]');
      await inner.locator("button").click();
      await inner.locator(".count", { hasText: "101" }).waitFor();
      await saveScreenshot(page, "fresh-islands");
      ok(scripts.length > 0, "the island page loads its modules");
      equal(errors.length, 0, errors.join("\n"));
      await reportCounterJsSize(origin, await page.content());

      scripts.length = 0;
      await page.goto(`${origin}/about`);
      await page.locator("h1", { hasText: "About" }).waitFor();
      equal(await page.locator("script").count(), 0, "no script element");
      equal(scripts.length, 0, `no script requested, got ${scripts.join(", ")}`);
      await saveScreenshot(page, "fresh-no-islands");
      await page.close();
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});

/** Prints the gzipped size of the JS a page with one Counter needs (boot, island, chunks). */
async function reportCounterJsSize(origin: string, html: string): Promise<void> {
  const preloads = [...html.matchAll(/rel="modulepreload" href="([^"]+)"/g)].map((m) => m[1]);
  const base = preloads[0].replace(/[^/]+\/[^/]+$/, "").replace(/\/client\/$/, "/");
  const boot = preloads.find((url) => url.endsWith("/client/boot.js"))!;
  const counter = preloads.find((url) => url.endsWith("/Counter.js"))!;
  const needed = new Set<string>();
  const visit = async (url: string) => {
    if (needed.has(url)) return;
    needed.add(url);
    const code = await (await fetch(origin + url)).text();
    for (const match of code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+)"/g)) {
      await visit(new URL(match[1], `http://x${url}`).pathname);
    }
  };
  await visit(boot);
  await visit(counter);
  let raw = 0;
  let gzipped = 0;
  for (const url of needed) {
    const bytes = new Uint8Array(await (await fetch(origin + url)).arrayBuffer());
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }
  console.error(
    `Counter page JS (${needed.size} files under ${base}): ${raw} bytes, ${gzipped} bytes gzipped`,
  );
}
