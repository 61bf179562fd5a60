import { deepEqual, equal, notDeepEqual, rejects } from "node:assert/strict";
import { ConfigError } from "./config.ts";
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

Deno.test("a secret file others may read is refused, not tightened behind the operator's back", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/${SECRET_FILE}`;
    await Deno.writeFile(path, crypto.getRandomValues(new Uint8Array(32)));
    await Deno.chmod(path, 0o644);
    await rejects(
      loadSigningSecret(dir),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message.includes(`signing secret ${path} is open to other users (mode 0644)`) &&
        e.message.includes(`chmod 600 ${path}`) && /remove it/.test(e.message),
    );
    equal((await Deno.stat(path)).mode! & 0o777, 0o644, "the mode was left as found");
  });
});

Deno.test("a secret file or data directory owned by another user is refused", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/${SECRET_FILE}`;
    await Deno.writeFile(path, crypto.getRandomValues(new Uint8Array(32)), { mode: 0o600 });
    await Deno.chown(path, 65534, 65534);
    await rejects(loadSigningSecret(dir), /signing secret .* belongs to uid 65534/);
    await Deno.chown(path, Deno.uid(), Deno.gid());
    await Deno.chown(dir, 65534, 65534);
    await rejects(loadSigningSecret(dir), /data directory .* belongs to uid 65534/);
  });
});

Deno.test("a data directory others may write to is refused before a secret is made in it", async () => {
  await withDir(async (dir) => {
    await Deno.chmod(dir, 0o777);
    await rejects(loadSigningSecret(dir), /data directory .* writable by other users/);
    deepEqual([...Deno.readDirSync(dir)], []);
  });
});

Deno.test("a secret file shorter than 32 bytes is refused with a clear error", async () => {
  await withDir(async (dir) => {
    await Deno.writeFile(`${dir}/${SECRET_FILE}`, new Uint8Array(31), { mode: 0o600 });
    await rejects(
      loadSigningSecret(dir),
      (e: unknown) => e instanceof ConfigError && /at least 32/.test(e.message),
    );
  });
});
