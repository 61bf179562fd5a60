import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { CloseCode, CloseReason, encode } from "./protocol.ts";
import { join, setup, storedStatus } from "./testing/hub_fixture.ts";

/** A long grace period: a revoked or cancelled socket must not keep its seat for it. */
const GRACE = { graceMs: 60_000 };

Deno.test("hub: revoking a link closes its open sockets at once (4004) and the client stops waiting", async () => {
  const f = await setup(GRACE);
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "OFFER" }));
  const pro = await join(f.hub, f.pro(f.appt.id));
  pro.conn.drain();
  strictEqual(dash.conn.ofType("status").at(-1)?.clientPresent, true);
  // A second socket of the old link, still being admitted when the revoke lands.
  const late = join(f.hub, f.client());

  const revoked = await f.store.revokeLink(f.appt.id, "professional");
  f.hub.revokeLink(f.appt.id, revoked.linkVersion);

  strictEqual(client.conn.closeCode, CloseCode.REVOKED);
  strictEqual(client.conn.closeReason, CloseReason.REVOKED);
  strictEqual((await late).conn.closeCode, CloseCode.REVOKED);
  deepStrictEqual(
    pro.conn.drain(),
    [{ type: "peer", id: "client", state: "left" }],
    "no grace period",
  );
  const status = dash.conn.ofType("status").at(-1);
  strictEqual(status?.clientPresent, false);
  strictEqual(status?.status, "scheduled");
  strictEqual(status?.offerWaiting, undefined, "the revoked client's offer is gone");
  strictEqual(await storedStatus(f), "scheduled");
  strictEqual(f.hub.metrics().socketsEnded.revoked, 2);
  strictEqual(pro.conn.closeCode, undefined, "the professional stays");

  // The old link cannot come back; the new one gets in.
  const again = await join(f.hub, f.client());
  strictEqual(again.conn.closeCode, CloseCode.REVOKED);
  const fresh = await join(f.hub, f.client(revoked));
  strictEqual(fresh.conn.closeCode, undefined);
  deepStrictEqual(pro.conn.drain(), [{ type: "peer", id: "client", state: "joined" }]);
  f.hub.revokeLink(f.appt.id, revoked.linkVersion);
  strictEqual(fresh.conn.closeCode, undefined, "only older versions are closed");
  await f.hub.close();
});

Deno.test("hub: cancelling ends a call in progress on both sides (4005) and on the dashboards", async () => {
  const f = await setup(GRACE);
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  const pro = await join(f.hub, f.pro(f.appt.id));
  const standby = await join(f.hub, f.standby(f.appt.id));
  const otherClient = await join(f.hub, f.client(f.other));
  client.session.receive(encode({ type: "offer", to: "pro", sdp: "OFFER" }));
  pro.session.receive(encode({ type: "answer", to: "client", sdp: "ANSWER" }));
  strictEqual(await storedStatus(f), "in_call");
  client.conn.drain();
  pro.conn.drain();

  await f.store.setStatus(f.appt.id, "cancelled", "professional");
  const audited = (await f.store.listAudit(f.appt.id)).length;
  f.hub.endAppointment(f.appt.id, "cancelled");

  for (const s of [client, pro, standby]) {
    strictEqual(s.conn.closeCode, CloseCode.CANCELLED);
    strictEqual(s.conn.closeReason, CloseReason.CANCELLED);
  }
  deepStrictEqual(client.conn.drain(), [], "no 'left' to a socket being closed");
  deepStrictEqual(pro.conn.drain(), []);
  const status = dash.conn.ofType("status").at(-1);
  strictEqual(status?.status, "cancelled");
  strictEqual(status?.clientPresent, false);
  strictEqual(dash.conn.closeCode, undefined, "the dashboard stays open");
  strictEqual(otherClient.conn.closeCode, undefined, "another appointment is untouched");
  strictEqual(f.hub.metrics().activeRooms, 1);
  strictEqual(f.hub.metrics().socketsEnded.cancelled, 3);
  strictEqual(await storedStatus(f), "cancelled");
  strictEqual((await f.store.listAudit(f.appt.id)).length, audited, "no write after the cancel");

  const back = await join(f.hub, f.client());
  strictEqual(back.conn.closeCode, CloseCode.CANCELLED);
  await f.hub.close();
});

Deno.test("hub: cancelling gives up a seat kept for a dropped socket", async () => {
  const f = await setup(GRACE);
  const dash = await join(f.hub, f.pro(null));
  const client = await join(f.hub, f.client());
  client.session.closed();
  strictEqual(f.hub.metrics().activeRooms, 1, "the seat is kept for the grace period");
  await f.store.setStatus(f.appt.id, "cancelled", "professional");
  f.hub.endAppointment(f.appt.id, "cancelled");
  strictEqual(f.hub.metrics().activeRooms, 0);
  ok(dash.conn.ofType("status").some((s) => s.status === "cancelled"));
  await f.hub.close();
});
