import assert from "node:assert/strict";
import { ensureNodeDeps } from "./node_deps.ts";

async function npm(cwd: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("npm", {
    args,
    cwd,
    stdout: "null",
    stderr: "piped",
  })
    .output();
  assert(out.success, new TextDecoder().decode(out.stderr));
}

Deno.test("ensureNodeDeps: two installs at once never leave a reader without its packages", async () => {
  const dir = `${await Deno.makeTempDir({ prefix: "node-deps-" })}/`;
  try {
    await Deno.writeTextFile(
      `${dir}package.json`,
      JSON.stringify({ private: true, dependencies: { ws: "8.18.3" } }),
    );
    await npm(dir, "install", "--package-lock-only", "--no-audit", "--no-fund");
    const marker = "node_modules/ws/package.json";
    // A bench that sees `node_modules` uses it: from then on it must be whole, and stay so.
    let seen = false;
    let broken = 0;
    let settled = false;
    const all = Promise.all([ensureNodeDeps(dir, marker), ensureNodeDeps(dir, marker)]);
    all.finally(() => settled = true).catch(() => {});
    while (!settled) {
      seen ||= await exists(`${dir}node_modules`);
      if (seen && !(await exists(`${dir}${marker}`))) broken++;
      await new Promise((r) => setTimeout(r, 1));
    }
    await all;
    assert.equal(broken, 0, "a reader saw node_modules without its packages");
    const left = [];
    for await (const entry of Deno.readDir(dir)) left.push(entry.name);
    assert.deepEqual(left.sort(), [
      "node_modules",
      "package-lock.json",
      "package.json",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
