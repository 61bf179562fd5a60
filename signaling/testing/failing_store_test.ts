import { rejects, strictEqual } from "node:assert/strict";
import { SqliteStore } from "../../domain/sqlite_store.ts";
import { withFailures } from "./failing_store.ts";

Deno.test("withFailures: calls reach the real store until a method is told to fail", async () => {
  const real = new SqliteStore(":memory:");
  const failing = withFailures(real);
  const pro = await failing.store.createProfessional("Dr. Ada");
  strictEqual((await real.getProfessional(pro.id))?.name, "Dr. Ada", "written to the real store");
  failing.fail("getProfessional", new Error("db down"));
  await rejects(failing.store.getProfessional(pro.id), /db down/);
  strictEqual(await failing.store.countProfessionals(), 1, "other methods still go through");
  failing.heal();
  strictEqual((await failing.store.getProfessional(pro.id))?.name, "Dr. Ada");
  real.close();
});
