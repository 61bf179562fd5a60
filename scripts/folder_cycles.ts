/**
 * `deno run -A scripts/folder_cycles.ts`: the project's top-level folders that import each other
 * (issue 19 §8, "no folder cycles"): each group of folders on a cycle, with the imports inside
 * it. Relative imports of the app's own .ts/.tsx files only; tests and the bench are left out. Exits 1 on a cycle
 * (scripts/folder_cycles_test.ts keeps it at none; README "Layout" gives the layers).
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

/** Folders reachable from `start` (through folder edges), itself excluded unless on a cycle. */
function reach(start: string): Set<string> {
  const seen = new Set<string>();
  const pending = [...(edges.get(start)?.keys() ?? [])];
  while (pending.length > 0) {
    const f = pending.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    pending.push(...(edges.get(f)?.keys() ?? []));
  }
  return seen;
}

// Folders on a cycle: each group of folders that reach each other, with the edges inside it.
const done = new Set<string>();
let cycles = 0;
for (const folder of [...edges.keys()].sort()) {
  if (done.has(folder) || !reach(folder).has(folder)) continue;
  const group = [...reach(folder)].filter((f) => reach(f).has(folder)).sort();
  for (const f of group) done.add(f);
  cycles++;
  console.log(group.join(" ⇄ "));
  for (const a of group) {
    for (const [b, lines] of edges.get(a) ?? []) {
      if (!group.includes(b)) continue;
      console.log(`  ${a} → ${b}`);
      for (const line of lines) console.log(`    ${line}`);
    }
  }
}
console.log(cycles === 0 ? "no folder cycles" : `${cycles} groups of folders on a cycle`);
if (cycles > 0) Deno.exit(1);
