import { equal, notEqual, ok } from "node:assert/strict";
import { dirname } from "node:path";
import { bundleClient } from "./bundle.ts";
import { bundleCacheKey, readCachedBundle, writeCachedBundle } from "./bundle_cache.ts";

/** A throwaway project: its own deno.json, a boot module and one island importing a helper. */
async function project(): Promise<
  { dir: string; cache: string; boot: URL; islands: Map<string, URL> }
> {
  const dir = await Deno.makeTempDir({ prefix: "bundle-cache-test-" });
  await Deno.writeTextFile(`${dir}/deno.json`, "{}\n");
  await Deno.writeTextFile(`${dir}/boot.ts`, `export const revive = () => "boot";\n`);
  await Deno.writeTextFile(`${dir}/greeting.ts`, `export const greeting = "hello";\n`);
  await Deno.writeTextFile(
    `${dir}/Island.ts`,
    `import { greeting } from "./greeting.ts";\nexport default () => greeting;\n`,
  );
  return {
    dir,
    cache: `${dir}/cache`,
    boot: new URL(`file://${dir}/boot.ts`),
    islands: new Map([["island", new URL(`file://${dir}/Island.ts`)]]),
  };
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

Deno.test("a second build of unchanged sources comes from the cache; an edit rebuilds", async () => {
  const p = await project();
  try {
    const first = await bundleClient(p.boot, p.islands, p.dir, p.cache);
    const entries = [...Deno.readDirSync(p.cache)].filter((e) => !e.name.startsWith("."));
    equal(entries.length, 1, "one entry stored");
    // Mark the stored island: a build that reads the cache serves the mark.
    const stored = `${p.cache}/${entries[0].name}/${first.islands.get("island")}`;
    await Deno.writeTextFile(stored, `${await Deno.readTextFile(stored)}//cached`);
    const second = await bundleClient(p.boot, p.islands, p.dir, p.cache);
    ok(text(second.files.get(second.islands.get("island")!)).endsWith("//cached"));

    await Deno.writeTextFile(`${p.dir}/greeting.ts`, `export const greeting = "bonjour";\n`);
    const edited = await bundleClient(p.boot, p.islands, p.dir, p.cache);
    const island = [...edited.files.values()].map(text).join("\n");
    ok(island.includes("bonjour"), "the edit is in the new build");
    ok(!island.includes("//cached"), "not the stored one");
  } finally {
    await Deno.remove(p.dir, { recursive: true });
  }
});

Deno.test("the key covers sources, not the cache, node_modules or dot files", async () => {
  const p = await project();
  try {
    const key = () => bundleCacheKey([p.dir], ["--minify"], p.cache);
    const before = await key();
    equal(await key(), before, "stable");
    notEqual(
      await bundleCacheKey([p.dir], ["--no-minify"], p.cache),
      before,
      "the arguments count",
    );
    for (const ignored of ["cache/x/chunk.js", "node_modules/a/index.js", ".tmp-config.json"]) {
      await Deno.mkdir(dirname(`${p.dir}/${ignored}`), { recursive: true });
      await Deno.writeTextFile(`${p.dir}/${ignored}`, "export {};\n");
      equal(await key(), before, ignored);
    }
    await Deno.writeTextFile(`${p.dir}/deno.lock`, "{}\n");
    notEqual(await key(), before, "the lock file counts");
  } finally {
    await Deno.remove(p.dir, { recursive: true });
  }
});

Deno.test("servers storing the same build at once both succeed and the entry is whole", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bundle-cache-test-" });
  try {
    const files = new Map([
      ["boot.js", new TextEncoder().encode("export{};")],
      ["islands/A.js", new TextEncoder().encode("export default 1;")],
    ]);
    await Promise.all(Array.from({ length: 4 }, () => writeCachedBundle(dir, "k", files)));
    const read = await readCachedBundle(dir, "k");
    equal(read?.size, 2);
    equal(text(read?.get("islands/A.js")), "export default 1;");
    equal(await readCachedBundle(dir, "missing"), null);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name);
    equal(names.join(","), "k", "no scratch directory left behind");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the cache keeps the newest four builds", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bundle-cache-test-" });
  try {
    const files = new Map([["boot.js", new TextEncoder().encode("export{};")]]);
    for (let i = 0; i < 6; i++) {
      await writeCachedBundle(dir, `k${i}`, files);
      // Directory mtimes have a coarse clock on some filesystems.
      await Deno.utime(`${dir}/k${i}`, 1_000 + i, 1_000 + i);
    }
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    equal(names.join(","), "k2,k3,k4,k5");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
