import { deepEqual, equal, notDeepEqual, rejects } from "node:assert/strict";
import { GENERATED_SECRET_BYTES, loadSigningSecret, SECRET_FILE } from "./secret.ts";

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("a secret from the environment wins and touches no file", async () => {
  await withDir(async (dir) => {
    const env = new TextEncoder().encode("x".repeat(40));
    equal(await loadSigningSecret(dir, env), env);
    deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("first start generates a 0600 secret file; later starts reuse it", async () => {
  await withDir(async (dir) => {
    const dataDir = `${dir}/data`;
    const first = await loadSigningSecret(dataDir);
    equal(first.length, GENERATED_SECRET_BYTES);
    const info = await Deno.stat(`${dataDir}/${SECRET_FILE}`);
    equal(info.mode! & 0o777, 0o600);
    deepEqual(await loadSigningSecret(dataDir), first);
    deepEqual([...Deno.readDirSync(dataDir)].map((e) => e.name), [SECRET_FILE]);
  });
});

Deno.test("two data directories get different secrets", async () => {
  await withDir(async (dir) => {
    notDeepEqual(await loadSigningSecret(`${dir}/a`), await loadSigningSecret(`${dir}/b`));
  });
});

Deno.test("concurrent first starts agree on one secret", async () => {
  await withDir(async (dir) => {
    const results = await Promise.all([1, 2, 3, 4].map(() => loadSigningSecret(dir)));
    for (const r of results) deepEqual(r, results[0]);
    deepEqual(await Deno.readFile(`${dir}/${SECRET_FILE}`), results[0]);
  });
});

Deno.test("a too-loose secret file is tightened to 0600", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/${SECRET_FILE}`;
    const bytes = crypto.getRandomValues(new Uint8Array(32));
    await Deno.writeFile(path, bytes, { mode: 0o644 });
    await Deno.chmod(path, 0o644);
    deepEqual(await loadSigningSecret(dir), bytes);
    equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  });
});

Deno.test("a secret file shorter than 32 bytes is refused with a clear error", async () => {
  await withDir(async (dir) => {
    await Deno.writeFile(`${dir}/${SECRET_FILE}`, new Uint8Array(31), { mode: 0o600 });
    await rejects(loadSigningSecret(dir), /at least 32/);
  });
});
