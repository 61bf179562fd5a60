/**
 * Clients and guests wait for the professional (issue 17 §3), on a real server with real sockets
 * speaking protocol v2: before the professional has been in the room, a client and a guest who
 * are both seated cannot reach each other through the hub (a non-fatal `error`
 * `waiting_for_professional`, nothing relayed or held), while what they send the professional
 * waits for them; once the professional has taken their seat, they meet, also after the
 * professional stepped out.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { encode } from "./protocol.ts";
import { startSignalingServer } from "./testing/signaling_server.ts";
import type { TestSocket } from "./testing/ws_client.ts";

/** Waits until `ws` has handled everything sent to it before now (a ping round trip). */
async function sync(ws: TestSocket, id: string): Promise<void> {
  ws.send(encode({ type: "ping", id }));
  for (;;) {
    const msg = await ws.nextOf("pong");
    if (msg.id === id) return;
  }
}

Deno.test("ws: a client and a guest who arrive before the professional exchange nothing until the professional is in", async () => {
  const s = await startSignalingServer();
  try {
    const guest = await s.store.addGuest(
      { appointmentId: s.appt.id, name: "Maria", role: "interpreter", origin: "invited" },
      4,
    );
    const guestId = `guest:${guest.id}`;
    const c = await s.open({ kind: "client", appointmentId: s.appt.id, professionalId: s.proId });
    strictEqual((await c.nextOf("welcome")).id, "client");
    const g = await s.open({
      kind: "guest",
      appointmentId: s.appt.id,
      professionalId: s.proId,
      guestId: guest.id,
    });
    const welcome = await g.nextOf("welcome");
    strictEqual(welcome.id, guestId);
    deepStrictEqual(welcome.participants.map((p) => p.id), ["client", guestId], "both seated");

    // Before the professional: refused both ways, not fatal, nothing arrives or is held.
    c.send(encode({ type: "offer", to: guestId, sdp: "early-offer" }));
    strictEqual((await c.nextOf("error")).code, "waiting_for_professional");
    g.send(encode({ type: "ice", to: "client", candidate: null }));
    strictEqual((await g.nextOf("error")).code, "waiting_for_professional");
    g.send(encode({ type: "answer", to: "client", sdp: "early-answer" }));
    strictEqual((await g.nextOf("error")).code, "waiting_for_professional");
    // What they send the professional waits for them.
    c.send(encode({ type: "offer", to: "pro", sdp: "for-pro" }));
    await sync(c, "c1");
    await sync(g, "g1");
    strictEqual(c.received.some((f) => f.includes("early-answer") || f.includes('"ice"')), false);
    strictEqual(g.received.some((f) => f.includes("early-offer")), false);
    strictEqual(s.hub.metrics().messagesRejected.waiting_for_professional, 3);

    // The professional comes in: the early offer was not held for the guest, the one to the
    // professional was; now the client and the guest reach each other.
    const p = await s.open({ kind: "pro", professionalId: s.proId }, { appointment: s.appt.id });
    await p.nextOf("welcome");
    deepStrictEqual(await p.next(), { type: "offer", from: "client", sdp: "for-pro" });
    await sync(g, "g2");
    strictEqual(g.received.some((f) => f.includes("early-offer")), false, "never delivered");
    c.send(encode({ type: "offer", to: guestId, sdp: "mesh-offer" }));
    deepStrictEqual(await g.nextOf("offer"), { type: "offer", from: "client", sdp: "mesh-offer" });
    g.send(encode({ type: "answer", to: "client", sdp: "mesh-answer" }));
    deepStrictEqual(await c.nextOf("answer"), {
      type: "answer",
      from: guestId,
      sdp: "mesh-answer",
    });

    // The professional steps out: the two who have met keep talking.
    await p.close();
    await c.nextOf("peer");
    c.send(encode({ type: "ice", to: guestId, candidate: null }));
    deepStrictEqual(await g.nextOf("ice"), { type: "ice", from: "client", candidate: null });
  } finally {
    await s.shutdown();
  }
});
