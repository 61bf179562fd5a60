/**
 * Page weight: the JavaScript each page loads, gzipped. Fetches a page's HTML with the right
 * session cookie, follows its `<script src>` and `<link rel="modulepreload">` URLs and the static
 * and dynamic imports inside them (same origin), gzips each file (and each inline script) with
 * CompressionStream, and sums.
 */

/** One page's JavaScript. */
export interface PageWeight {
  page: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

/** Most files followed per page: a bound, not an expectation. */
const MAX_FILES = 200;

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

function scriptUrls(html: string, base: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) {
    urls.push(new URL(m[1], base).href);
  }
  for (
    const m of html.matchAll(
      /<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g,
    )
  ) {
    urls.push(new URL(m[1], base).href);
  }
  return urls;
}

function inlineScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attrs = m[1];
    if (/\bsrc=/.test(attrs) || /type="application\/(ld\+)?json"/.test(attrs)) {
      continue;
    }
    if (m[2].trim() !== "") out.push(m[2]);
  }
  return out;
}

/** Relative and absolute specifiers of `import … from "x"`, `import "x"` and `import("x")`. */
function importsOf(js: string, base: string): string[] {
  const urls: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+\.m?js[^"']*)["']/g;
  for (const m of js.matchAll(re)) {
    if (m[1].startsWith(".") || m[1].startsWith("/")) {
      urls.push(new URL(m[1], base).href);
    }
  }
  return urls;
}

/** Measures the page at `path` on `origin`, sending `cookie` when given. */
export async function measurePage(
  origin: string,
  name: string,
  path: string,
  cookie?: string,
): Promise<PageWeight> {
  const headers: Record<string, string> = cookie ? { cookie } : {};
  const res = await fetch(origin + path, { headers, redirect: "manual" });
  if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
  const html = await res.text();
  const weight: PageWeight = {
    page: name,
    files: 0,
    rawBytes: 0,
    gzipBytes: 0,
  };
  for (const script of inlineScripts(html)) {
    const bytes = new TextEncoder().encode(script);
    weight.rawBytes += bytes.length;
    weight.gzipBytes += await gzipSize(bytes);
  }
  const seen = new Set<string>();
  const queue = scriptUrls(html, origin + path);
  while (queue.length > 0 && seen.size < MAX_FILES) {
    const url = queue.shift()!;
    if (seen.has(url) || new URL(url).origin !== origin) continue;
    seen.add(url);
    const r = await fetch(url, { headers });
    if (!r.ok) {
      throw new Error(`${name}: ${new URL(url).pathname} HTTP ${r.status}`);
    }
    const bytes = new Uint8Array(await r.arrayBuffer());
    weight.files++;
    weight.rawBytes += bytes.length;
    weight.gzipBytes += await gzipSize(bytes);
    queue.push(...importsOf(new TextDecoder().decode(bytes), url));
  }
  return weight;
}
