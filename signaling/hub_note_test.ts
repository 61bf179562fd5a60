/**
 * The professional's note to a waiting participant (`note`, issue 18 §4), on a real server with
 * real sockets: from a dashboard socket (naming the appointment) or a call socket it reaches the
 * waiting client's socket as `note` from `pro`, and nobody else's; it is refused, not fatally,
 * from a client, from another professional, to someone not waiting (absent, or the professional
 * already in the room), and over the size cap (that one is a malformed message: 1008). Nothing
 * of its text reaches the audit trail or the server's console.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { CloseCode, encode, MAX_NOTE_LENGTH } from "./protocol.ts";
import { startSignalingServer } from "./testing/signaling_server.ts";

const TEXT = "Running five minutes late";

Deno.test("ws: the professional's note reaches the waiting client only, and is never kept", async () => {
  const logged: string[] = [];
  const originals = {
    log: console.log,
    info: console.info,
    warn: console.warn,
    error: console.error,
  };
  for (const k of Object.keys(originals) as (keyof typeof originals)[]) {
    console[k] = (...args: unknown[]) => logged.push(args.map(String).join(" "));
  }
  const s = await startSignalingServer();
  try {
    const guest = await s.store.addGuest(
      { appointmentId: s.appt.id, name: "Maria", role: "interpreter", origin: "invited" },
      4,
    );
    const dash = await s.open({ kind: "pro", professionalId: s.proId });
    await dash.nextOf("welcome");

    // Nobody waits yet.
    dash.send(encode({ type: "note", appointmentId: s.appt.id, to: "client", text: TEXT }));
    strictEqual((await dash.nextOf("error")).code, "not_waiting");

    const c = await s.open({ kind: "client", appointmentId: s.appt.id, professionalId: s.proId });
    await c.nextOf("welcome");
    const g = await s.open({
      kind: "guest",
      appointmentId: s.appt.id,
      professionalId: s.proId,
      guestId: guest.id,
    });
    await g.nextOf("welcome");

    // From the dashboard, naming the appointment: to the client alone.
    dash.send(encode({ type: "note", appointmentId: s.appt.id, to: "client", text: `  ${TEXT} ` }));
    deepStrictEqual(await c.nextOf("note"), { type: "note", from: "pro", text: TEXT });
    // A dashboard must say which appointment.
    dash.send(encode({ type: "note", to: "client", text: TEXT }));
    strictEqual((await dash.nextOf("error")).code, "no_room");

    // Only the professional; never to oneself or to the professional.
    c.send(encode({ type: "note", to: `guest:${guest.id}`, text: "hi" }));
    strictEqual((await c.nextOf("error")).code, "not_allowed");
    const stranger = await s.open({ kind: "pro", professionalId: s.strangerId });
    await stranger.nextOf("welcome");
    stranger.send(encode({ type: "note", appointmentId: s.appt.id, to: "client", text: "hi" }));
    strictEqual((await stranger.nextOf("error")).code, "not_waiting", "not their appointment");

    // The professional's call socket, seated in the room: nobody waits for them any more.
    const call = await s.open({ kind: "pro", professionalId: s.proId }, {
      appointment: s.appt.id,
    });
    await call.nextOf("welcome");
    call.send(encode({ type: "note", to: `guest:${guest.id}`, text: "Nearly there" }));
    strictEqual((await call.nextOf("error")).code, "not_waiting");
    dash.send(encode({ type: "note", appointmentId: s.appt.id, to: "client", text: TEXT }));
    strictEqual((await dash.nextOf("error")).code, "not_waiting");
    // Stepped out (left): the others wait for them again.
    call.send(encode({ type: "leave" }));
    await call.closed;
    dash.send(
      encode({
        type: "note",
        appointmentId: s.appt.id,
        to: `guest:${guest.id}`,
        text: "Nearly there",
      }),
    );
    deepStrictEqual(await g.nextOf("note"), { type: "note", from: "pro", text: "Nearly there" });

    // Over the cap: malformed, the socket is closed.
    dash.send(
      encode({
        type: "note",
        appointmentId: s.appt.id,
        to: "client",
        text: "x".repeat(MAX_NOTE_LENGTH + 1),
      }),
    );
    strictEqual((await dash.closed).code, CloseCode.POLICY);

    strictEqual(c.received.filter((f) => f.includes('"note"')).length, 1, "one note, once");
    strictEqual(
      g.received.some((f) => f.includes(TEXT)),
      false,
      "the guest never got the client's",
    );
    const audit = await s.store.listAudit(s.appt.id);
    strictEqual(JSON.stringify(audit).includes("late"), false, "not in the audit trail");
    strictEqual(
      logged.some((l) => l.includes("late") || l.includes("Nearly")),
      false,
      "not logged",
    );
  } finally {
    await s.shutdown();
    Object.assign(console, originals);
  }
});
