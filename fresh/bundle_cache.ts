/**
 * Keeps built browser bundles on disk between starts, keyed by everything the build reads, so a
 * restart (or the next test's server) skips `deno bundle`: about 1 s on an idle machine and ten
 * times that on a loaded one, while the server is not yet listening.
 *
 * The key is a hash of the Deno version, the bundler arguments and the bytes of every source file
 * the build could read: each module, JSON and lock file under the project (dependencies are pinned
 * by `deno.lock`), outside `node_modules`, dot files and directories, `test-results` and the cache itself.
 * That is more than the module graph, so an unrelated edit only costs one rebuild; an edit never
 * serves a stale bundle. Entries are written to a scratch directory and renamed into place, so
 * servers starting side by side never read a half-written entry.
 */
import { dirname, join, relative, resolve } from "node:path";
import { sha256Hex } from "./hash.ts";

const SOURCE_FILE = /\.(?:[cm]?[jt]sx?|jsonc?|lock)$/;
const SKIPPED_DIRS = new Set(["node_modules", "test-results"]);
/** Entries kept; older ones are removed after each write (an edit-and-restart loop adds one). */
const KEEP_ENTRIES = 4;

/** Hex key of a build of `entries` from the sources under `roots` with `args`. */
export async function bundleCacheKey(
  roots: string[],
  args: string[],
  cacheDir: string,
): Promise<string> {
  const skip = resolve(cacheDir);
  const encoder = new TextEncoder();
  // One digest over all of it: a digest per file cost three times the read (170 ms for 640 files).
  const chunks = [encoder.encode([`deno ${Deno.version.deno}`, ...args].join("\n"))];
  for (const root of [...new Set(roots.map((r) => resolve(r)))].sort()) {
    for (const path of (await sourceFiles(root, skip)).sort()) {
      const bytes = Deno.readFileSync(path); // at start-up, before listening: nothing waits
      chunks.push(encoder.encode(`\n${relative(root, path)}:${bytes.length}\n`), bytes);
    }
  }
  const all = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return sha256Hex(all);
}

/** The files of a cached build (path relative to the bundle root → bytes), or null. */
export async function readCachedBundle(
  cacheDir: string,
  key: string,
): Promise<Map<string, Uint8Array> | null> {
  const dir = join(cacheDir, key);
  try {
    return await readTree(dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** Stores a build under `key`; a concurrent writer of the same key wins harmlessly. */
export async function writeCachedBundle(
  cacheDir: string,
  key: string,
  files: Map<string, Uint8Array>,
): Promise<void> {
  await Deno.mkdir(cacheDir, { recursive: true, mode: 0o700 });
  const scratch = await Deno.makeTempDir({ dir: cacheDir, prefix: ".write-" });
  try {
    for (const [path, bytes] of files) {
      const target = join(scratch, path);
      await Deno.mkdir(dirname(target), { recursive: true });
      await Deno.writeFile(target, bytes);
    }
    try {
      await Deno.rename(scratch, join(cacheDir, key));
    } catch (error) {
      // Another server stored the same build first: same key, same bytes.
      const stored = await Deno.stat(join(cacheDir, key)).then(() => true, () => false);
      if (!stored) throw error;
    }
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
  await pruneOldEntries(cacheDir);
}

async function pruneOldEntries(cacheDir: string): Promise<void> {
  const entries: { name: string; mtime: number }[] = [];
  for await (const entry of Deno.readDir(cacheDir)) {
    if (!entry.isDirectory || entry.name.startsWith(".")) continue;
    const info = await Deno.stat(join(cacheDir, entry.name)).catch(() => null);
    if (info) entries.push({ name: entry.name, mtime: info.mtime?.getTime() ?? 0 });
  }
  entries.sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(KEEP_ENTRIES)) {
    await Deno.remove(join(cacheDir, old.name), { recursive: true }).catch(() => {});
  }
}

async function sourceFiles(root: string, skip: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      // Dot files include the bundler's own temporary config.
      if (entry.name.startsWith(".")) continue;
      if (entry.isDirectory) {
        if (SKIPPED_DIRS.has(entry.name) || path === skip) continue;
        await visit(path);
      } else if (entry.isFile && SOURCE_FILE.test(entry.name)) {
        found.push(path);
      }
    }
  };
  await visit(root);
  return found;
}

/** Every file under `root`, by path relative to it with `/` separators. */
export async function readTree(root: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const visit = async (prefix: string) => {
    for await (const entry of Deno.readDir(prefix ? join(root, prefix) : root)) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory) await visit(path);
      else files.set(path, await Deno.readFile(join(root, path)));
    }
  };
  await visit("");
  return files;
}
