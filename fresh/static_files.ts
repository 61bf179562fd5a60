/**
 * Serves `static/`: path checks that keep requests inside the folder, ETags from content hashes
 * (cached per file, recomputed when mtime or size change) and 304 answers.
 */
import { contentTypeFor } from "./content_type.ts";
import { ifNoneMatchHits, strongEtag } from "./etag.ts";

export interface StaticFile {
  /** Absolute file-system path. */
  path: string;
  etag: string;
  size: number;
}

export interface StaticFiles {
  /** The file a URL path names, or null (missing, a folder, or outside `static/`). */
  lookup(pathname: string): Promise<StaticFile | null>;
  /** Hash over every file's path and ETag, for the build id. */
  fingerprint(): Promise<string>;
}

const IMMUTABLE = "public, max-age=31536000, immutable";

/**
 * True for paths that try to leave a folder: `..` segments (also percent-encoded), backslashes,
 * NUL, or undecodable escapes. Such requests get a 404 without further routing.
 */
export function isTraversalAttempt(pathname: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return decoded.includes("\0") || decoded.includes("\\") ||
    decoded.split("/").some((segment) => segment === "..");
}

export function createStaticFiles(dir: string): StaticFiles {
  const root = dir.replace(/\/+$/, "");
  const cache = new Map<string, { mtime: number; size: number; etag: string }>();
  let realRoot: Promise<string | null> | null = null;

  async function describe(path: string, info: Deno.FileInfo): Promise<StaticFile> {
    const mtime = info.mtime?.getTime() ?? 0;
    const cached = cache.get(path);
    if (cached && cached.mtime === mtime && cached.size === info.size) {
      return { path, etag: cached.etag, size: info.size };
    }
    const etag = await strongEtag(await Deno.readFile(path));
    cache.set(path, { mtime, size: info.size, etag });
    return { path, etag, size: info.size };
  }

  async function lookup(pathname: string): Promise<StaticFile | null> {
    const relative = safeRelativePath(pathname);
    if (relative === null) return null;
    realRoot ??= Deno.realPath(root).catch(() => null);
    const base = await realRoot;
    if (base === null) return null;
    const path = `${root}/${relative}`;
    try {
      const real = await Deno.realPath(path);
      if (!real.startsWith(`${base}/`)) return null;
      const info = await Deno.stat(real);
      return info.isFile ? await describe(real, info) : null;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
        return null;
      }
      throw error;
    }
  }

  async function fingerprint(): Promise<string> {
    const lines: string[] = [];
    for await (const relative of walk(root, "")) {
      const file = await lookup(`/${relative.split("/").map(encodeURIComponent).join("/")}`);
      if (file) lines.push(`${relative}:${file.etag}`);
    }
    return lines.sort().join("\n");
  }

  return { lookup, fingerprint };
}

/** Answers a GET or HEAD for a static file, with 304 when the browser's copy is current. */
export async function respondWithFile(
  req: Request,
  file: StaticFile,
  immutable: boolean,
): Promise<Response> {
  const headers = new Headers({
    "ETag": file.etag,
    "Cache-Control": immutable ? IMMUTABLE : "no-cache",
  });
  if (ifNoneMatchHits(req.headers.get("If-None-Match"), file.etag)) {
    return new Response(null, { status: 304, headers });
  }
  headers.set("Content-Type", contentTypeFor(file.path));
  headers.set("Content-Length", String(file.size));
  if (req.method === "HEAD") return new Response(null, { headers });
  const handle = await Deno.open(file.path, { read: true });
  return new Response(handle.readable, { headers });
}

/** Decoded `a/b.css` for `/a/b.css`, or null when a segment is empty, `.`, `..` or unsafe. */
function safeRelativePath(pathname: string): string | null {
  const segments: string[] = [];
  for (const raw of pathname.slice(1).split("/")) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (
      segment === "" || segment === "." || segment === ".." || /[\/\\\0]/.test(segment)
    ) return null;
    segments.push(segment);
  }
  return segments.length === 0 ? null : segments.join("/");
}

async function* walk(root: string, prefix: string): AsyncGenerator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(prefix ? `${root}/${prefix}` : root));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) yield* walk(root, relative);
    else yield relative;
  }
}
