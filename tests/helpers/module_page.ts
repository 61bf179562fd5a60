/**
 * Serves one browser module, bundled with Deno's bundler, on an empty page of a throwaway local
 * server, to test call/ modules in a real Chromium page without the app (the way
 * tests/mesh_sessions_browser_test.ts does). The module exposes what the test drives on
 * `globalThis`.
 */
import type { Browser, Page } from "playwright-core";

/** A page running the module, its errors, and how to close the server. */
export interface ModulePage {
  page: Page;
  /** Uncaught errors and console errors seen so far. */
  errors: string[];
  url: string;
  close(): Promise<void>;
}

/** Bundles `entry` (a browser module) to one ESM file. */
export async function bundleModule(entry: URL): Promise<string> {
  const result = await Deno.bundle({
    entrypoints: [entry.pathname],
    platform: "browser",
    format: "esm",
    write: false,
  });
  const file = result.outputFiles?.[0];
  if (!result.success || !file) {
    throw new Error(`bundling ${entry.pathname} failed: ${JSON.stringify(result.errors)}`);
  }
  return file.text();
}

/**
 * Opens a new page of `browser` on a local server that runs `entry`, and waits until the module
 * set `globalThis[ready]`. `html` goes into the page's body before the module runs.
 */
export async function openModulePage(
  browser: Browser,
  entry: URL,
  ready: string,
  html = "",
): Promise<ModulePage> {
  const js = await bundleModule(entry);
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/module.js") {
      return new Response(js, { headers: { "content-type": "text/javascript" } });
    }
    if (path === "/styles.css") {
      return Deno.readFile(new URL("../../static/styles.css", import.meta.url).pathname).then(
        (css) => new Response(css, { headers: { "content-type": "text/css" } }),
      );
    }
    if (path === "/") {
      return new Response(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test page</title>` +
          `<link rel="stylesheet" href="/styles.css"></head><body>${html}` +
          `<script type="module" src="/module.js"></script></body></html>`,
        { headers: { "content-type": "text/html" } },
      );
    }
    // Chromium asks for /favicon.ico on its own.
    return new Response(null, { status: path === "/favicon.ico" ? 204 : 404 });
  });
  const url = `http://127.0.0.1:${server.addr.port}/`;
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  await page.waitForFunction((name) => name in globalThis, ready);
  return {
    page,
    errors,
    url,
    async close() {
      await page.close();
      await server.shutdown();
    },
  };
}
