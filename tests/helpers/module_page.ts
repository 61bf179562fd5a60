/**
 * Serves one browser module, bundled as the app bundles its islands, on an empty page of a throwaway local
 * server, to test call/ modules in a real Chromium page without the app (the way
 * tests/mesh_sessions_browser_test.ts does). The module exposes what the test drives on
 * `globalThis`.
 */
import type { Page } from "playwright-core";
import { bundleClient } from "../../fresh/bundle.ts";

/** A page running the module, its errors, and how to close the server. */
export interface ModulePage {
  page: Page;
  /** Uncaught errors and console errors seen so far. */
  errors: string[];
  url: string;
  close(): Promise<void>;
}

/**
 * Bundles `entry` (a browser module) the way the app bundles its islands (fresh/bundle.ts: the
 * app's import map, JSX for the browser), so components render as they will in the app.
 */
async function bundleModule(entry: URL): Promise<{ files: Map<string, Uint8Array>; main: string }> {
  const bundle = await bundleClient(entry, new Map(), new URL("../../", import.meta.url).pathname);
  return { files: bundle.files, main: bundle.boot };
}

/**
 * Opens a new page of `browser` on a local server that runs `entry`, and waits until the module
 * set `globalThis[ready]`. `html` goes into the page's body before the module runs.
 */
export async function openModulePage(
  browser: { newPage(): Promise<Page> },
  entry: URL,
  ready: string,
  html = "",
): Promise<ModulePage> {
  const { files, main } = await bundleModule(entry);
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    const js = path.startsWith("/bundle/") && files.get(path.slice("/bundle/".length));
    if (js) {
      return new Response(js as Uint8Array<ArrayBuffer>, {
        headers: { "content-type": "text/javascript" },
      });
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
          `<script type="module" src="/bundle/${main}"></script></body></html>`,
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
