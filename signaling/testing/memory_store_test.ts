import { deepStrictEqual, rejects, strictEqual, throws } from "node:assert/strict";
import { MemoryStore } from "./memory_store.ts";

Deno.test("MemoryStore keeps appointments, statuses and their audit trail", async () => {
  let t = 1000;
  const store = new MemoryStore(() => t);
  const pro = await store.createProfessional("Dr. Who");
  strictEqual(await store.countProfessionals(), 1);
  deepStrictEqual(await store.listProfessionals(), [pro]);
  deepStrictEqual(await store.getProfessional(pro.id), pro);
  const late = await store.createAppointment({
    professionalId: pro.id,
    clientName: "B",
    startsAt: 5000,
    durationMin: 30,
  });
  const early = await store.createAppointment({
    professionalId: pro.id,
    clientName: "A",
    startsAt: 2000,
    durationMin: 30,
  });
  strictEqual(early.status, "scheduled");
  strictEqual(early.linkVersion, 1);
  deepStrictEqual((await store.listAppointments(pro.id)).map((a) => a.id), [early.id, late.id]);
  deepStrictEqual((await store.listAppointments(pro.id, 3000)).map((a) => a.id), [late.id]);
  t = 2000;
  const waiting = await store.setStatus(early.id, "waiting", "client", "joined");
  strictEqual(waiting.status, "waiting");
  strictEqual(waiting.updatedAt, 2000);
  strictEqual((await store.revokeLink(early.id, "professional")).linkVersion, 2);
  await store.audit({ appointmentId: early.id, actor: "system", action: "call.offer" });
  const trail = await store.listAudit(early.id);
  deepStrictEqual(trail.map((e) => e.action), [
    "appointment.created",
    "appointment.waiting",
    "link.revoked",
    "call.offer",
  ]);
  strictEqual(trail[1].detail, "joined");
  strictEqual(await store.getAppointment("missing"), null);
  await rejects(store.setStatus("missing", "waiting", "client"));
  store.close();
  throws(() => store.getAppointment(early.id));
});

Deno.test("MemoryStore returns copies, not its own records", async () => {
  const store = new MemoryStore();
  const pro = await store.createProfessional("P");
  const appt = await store.createAppointment({
    professionalId: pro.id,
    clientName: "C",
    startsAt: 0,
    durationMin: 10,
  });
  appt.status = "cancelled";
  strictEqual((await store.getAppointment(appt.id))?.status, "scheduled");
  await rejects(
    store.createAppointment({
      professionalId: "nope",
      clientName: "C",
      startsAt: 0,
      durationMin: 1,
    }),
  );
});
