import { equal, rejects } from "node:assert/strict";
import { ConfigError } from "./config.ts";
import { DB_FILE, openStore } from "./open_store.ts";

Deno.test("openStore creates a private data directory and the database in it", async () => {
  const parent = await Deno.makeTempDir();
  const dataDir = `${parent}/nested/data`;
  const store = await openStore(dataDir);
  await store.createProfessional("Ada");
  for (const suffix of ["-wal", "-shm"]) {
    equal((await Deno.stat(`${dataDir}/${DB_FILE}${suffix}`)).mode! & 0o777, 0o600, suffix);
  }
  store.close();
  equal((await Deno.stat(dataDir)).mode! & 0o777, 0o700);
  equal((await Deno.stat(`${dataDir}/${DB_FILE}`)).mode! & 0o777, 0o600);
  const again = await openStore(dataDir);
  equal(await again.countProfessionals(), 1);
  again.close();
  await Deno.remove(parent, { recursive: true });
});

Deno.test("openStore refuses a data directory others may write to, and a readable database", async () => {
  const dataDir = await Deno.makeTempDir();
  await Deno.chmod(dataDir, 0o777);
  await rejects(
    openStore(dataDir),
    (e: unknown) =>
      e instanceof ConfigError &&
      e.message.includes(`data directory ${dataDir} is writable by other users (mode 0777)`) &&
      e.message.includes(`chmod 700 ${dataDir}`),
  );
  equal([...Deno.readDirSync(dataDir)].length, 0, "nothing was created in it");
  await Deno.chmod(dataDir, 0o700);

  (await openStore(dataDir)).close();
  for (const file of [DB_FILE, `${DB_FILE}-wal`]) {
    const path = `${dataDir}/${file}`;
    await Deno.writeFile(path, new Uint8Array(), { append: true });
    await Deno.chmod(path, 0o644);
    await rejects(openStore(dataDir), (e: unknown) =>
      e instanceof ConfigError &&
      e.message.includes(`database file ${path} is open to other users`) &&
      e.message.includes(`chmod 600 ${path}`));
    await Deno.chmod(path, 0o600);
  }
  await Deno.chown(`${dataDir}/${DB_FILE}`, 65534, 65534);
  await rejects(openStore(dataDir), /database file .* belongs to uid 65534/);
  await Deno.remove(dataDir, { recursive: true });
});
