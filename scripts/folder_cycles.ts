/**
 * `deno run -A scripts/folder_cycles.ts`: the project's top-level folders that import each other
 * (issue 19 §8, "no folder cycles"), with the imports that make each cycle. Relative imports of
 * the app's own .ts/.tsx files only; tests and the bench are left out. Exits 1 while a cycle is
 * left, so it can become a check once the layering is done.
 */
const ROOT = new URL("../", import.meta.url);
const SKIP = new Set(["node_modules", "_fresh", "test-results", "bench", "data", "tests"]);

/** folder → folder → the imports (file → target) that make that edge. */
const edges = new Map<string, Map<string, string[]>>();

const folderOf = (path: string) => path.includes("/") ? path.split("/")[0] : ".";

async function walk(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    const path = dir + entry.name;
    if (entry.isDirectory) {
      if (!SKIP.has(entry.name) && !entry.name.startsWith(".")) await walk(`${path}/`);
      continue;
    }
    if (!/\.tsx?$/.test(entry.name) || /_test\.tsx?$/.test(entry.name)) continue;
    const source = await Deno.readTextFile(new URL(path, ROOT));
    const from = folderOf(path);
    for (const m of source.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)) {
      const target = new URL(m[1], `file:///${path}`).pathname.slice(1);
      const to = folderOf(target);
      if (to === from) continue;
      const out = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, out);
      out.set(to, [...(out.get(to) ?? []), `${path} → ${target}`]);
    }
  }
}

await walk("");
let cycles = 0;
for (const [a, outs] of edges) {
  for (const [b, ab] of outs) {
    const ba = edges.get(b)?.get(a);
    if (!ba || a > b) continue;
    cycles++;
    console.log(`${a} ⇄ ${b}`);
    for (const line of [...ab, ...ba]) console.log(`  ${line}`);
  }
}
console.log(cycles === 0 ? "no folder cycles" : `${cycles} folder cycles`);
if (cycles > 0) Deno.exit(1);
