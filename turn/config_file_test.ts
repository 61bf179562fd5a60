import assert from "node:assert/strict";
import { writeTurnConfigFile } from "./config_file.ts";

Deno.test("writeTurnConfigFile writes the file with mode 0600 and never overwrites", async () => {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-turn-test-" });
  try {
    const path = await writeTurnConfigFile(dir, "static-auth-secret=x\n");
    assert.equal(await Deno.readTextFile(path), "static-auth-secret=x\n");
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    await assert.rejects(writeTurnConfigFile(dir, "other"), Deno.errors.AlreadyExists);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
