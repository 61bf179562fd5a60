import { equal, ok } from "node:assert/strict";
import { seedDemoIfEmpty } from "./demo.ts";
import { SqliteStore } from "./sqlite_store.ts";

Deno.test("seedDemoIfEmpty seeds once, and never over real data", async () => {
  const store = new SqliteStore(":memory:");
  const now = Date.UTC(2030, 0, 1, 9);
  const seeded = await seedDemoIfEmpty(store, now);
  ok(seeded);
  equal(seeded.professional.name, "Dr. Ada Lovelace");
  equal(seeded.appointment.clientName, "Demo Client");
  equal(seeded.appointment.startsAt, now);
  equal(seeded.appointment.durationMin, 30);
  equal((await store.listAppointments(seeded.professional.id)).length, 1);
  equal(await seedDemoIfEmpty(store, now), null);
  equal(await store.countProfessionals(), 1);

  const other = new SqliteStore(":memory:");
  await other.createProfessional("Grace");
  equal(await seedDemoIfEmpty(other), null);
  store.close();
  other.close();
});
