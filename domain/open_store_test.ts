import { equal } from "node:assert/strict";
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
