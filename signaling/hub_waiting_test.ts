/**
 * Clients and guests wait for the professional (issue 17 §3), on a real server with real sockets
 * speaking protocol v2: before the professional has been in the room, what a seated client and
 * guest send each other is held, never delivered, while what they send the professional waits for
 * them too; the moment the professional takes their seat, each gets, in order, what the other sent
 * (so their connection is negotiated beside the professional's), and they go on meeting after the
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

Deno.test("ws: a client and a guest who arrive before the professional get nothing from each other until the professional is in, then all of it in order", async () => {
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

    // Before the professional: held both ways, no error, nothing arrives. A newer offer replaces
    // the older one and its candidates (a dead negotiation).
    g.send(encode({ type: "offer", to: "client", sdp: "stale-offer" }));
    g.send(encode({ type: "ice", to: "client", candidate: { candidate: "stale" } }));
    g.send(encode({ type: "offer", to: "client", sdp: "early-offer" }));
    g.send(encode({ type: "ice", to: "client", candidate: null }));
    c.send(encode({ type: "answer", to: guestId, sdp: "early-answer" }));
    // What they send the professional waits for them.
    c.send(encode({ type: "offer", to: "pro", sdp: "for-pro" }));
    await sync(c, "c1");
    await sync(g, "g1");
    const between = (f: string) => f.includes("early") || f.includes("stale");
    strictEqual(c.received.some(between), false, "nothing reached the client");
    strictEqual(g.received.some(between), false, "nothing reached the guest");
    strictEqual(c.received.some((f) => f.includes('"error"')), false, "no error to the client");
    strictEqual(g.received.some((f) => f.includes('"error"')), false, "no error to the guest");
    strictEqual(s.hub.metrics().bufferedMessages, 4, "early offer, its candidate, answer, for-pro");

    // The professional comes in: their held offer first; then the client and the guest each get
    // what the other sent, in order, and reach each other live from then on.
    const p = await s.open({ kind: "pro", professionalId: s.proId }, { appointment: s.appt.id });
    await p.nextOf("welcome");
    deepStrictEqual(await p.next(), { type: "offer", from: "client", sdp: "for-pro" });
    deepStrictEqual(await c.nextOf("offer"), { type: "offer", from: guestId, sdp: "early-offer" });
    deepStrictEqual(await c.nextOf("ice"), { type: "ice", from: guestId, candidate: null });
    deepStrictEqual(await g.nextOf("answer"), {
      type: "answer",
      from: "client",
      sdp: "early-answer",
    });
    strictEqual(c.received.some((f) => f.includes("stale")), false, "the replaced offer is gone");
    strictEqual(s.hub.metrics().bufferedMessages, 0);
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
