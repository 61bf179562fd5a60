/**
 * Access that ends outside the call, through the real server process: revoking a link closes the
 * sockets opened with it at once and the dashboard stops showing that client waiting; cancelling
 * ends a call in progress on both sides; one session cannot open sockets without bound.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";
import { addProfessional } from "./helpers/pro.ts";
import { Client } from "./helpers/browserless_client.ts";
import {
  clientFor,
  cookieHeader,
  createAppointment,
  postAppointmentAction,
} from "./helpers/app_session.ts";
import { testSecret } from "./helpers/tokens.ts";
import { within } from "../utils/within.ts";
import type { StatusMessage } from "../signaling/protocol.ts";
import { CloseCode, CloseReason, encode } from "../signaling/protocol.ts";
import { DEFAULT_LIMITS } from "../signaling/hub_limits.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { withProtocolVersion } from "../signaling/protocol.ts";

/** The next status of `id` on a dashboard socket that satisfies `ok`. */
async function statusUntil(
  dash: TestSocket,
  id: string,
  ok: (s: StatusMessage) => boolean,
): Promise<StatusMessage> {
  for (;;) {
    const s = await dash.nextOf("status");
    if (s.appointmentId === id && ok(s)) return s;
  }
}

Deno.test("access ends outside the call: revoke, cancel, and the per-session socket cap", async (t) => {
  const secret = testSecret();
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-access-" });
  const proToken = await addProfessional(dataDir, "Dr. Access", { LINK_SECRET: secret });
  const app = await startApp({ dataDir, env: { LINK_SECRET: secret } });
  const ws = app.url.replace("http", "ws");
  const origin = app.url;
  const sockets: TestSocket[] = [];
  const open = (path: string, c: Client) => {
    const s = new TestSocket(withProtocolVersion(`${ws}${path}`), {
      cookie: cookieHeader(c),
      origin,
    });
    sockets.push(s);
    return s;
  };
  try {
    const pro = new Client(app.url);
    await (await pro.fetch(`/pro-link?token=${proToken}`)).body?.cancel();
    const dash = open("/ws", pro);
    await dash.nextOf("welcome");

    await t.step("revoking the link closes its open socket within 1 s (4004)", async () => {
      const appt = await createAppointment(pro, "Revoked Client", 0);
      const holder = await clientFor(app.url, appt.link);
      const c = open("/ws?role=client", holder);
      await c.nextOf("welcome");
      c.send(encode({ type: "offer", to: "pro", sdp: "v=0\r\n" }));
      await statusUntil(dash, appt.id, (s) => s.clientPresent && s.offerWaiting === true);
      const p = open(`/ws?appointment=${appt.id}`, pro);
      await p.nextOf("offer");

      const res = await postAppointmentAction(pro, appt.id, "revoke");
      assert.equal(res.status, 303);
      assert.ok(await within(c.closed, 1000), "closed within 1 s of the revoke");
      assert.deepEqual(await c.closed, { code: CloseCode.REVOKED, reason: CloseReason.REVOKED });
      assert.deepEqual(await p.nextOf("peer"), { type: "peer", id: "client", state: "left" });
      const status = await statusUntil(dash, appt.id, (s) => !s.clientPresent);
      assert.equal(status.status, "scheduled", "the dashboard no longer shows them waiting");
      assert.equal(status.offerWaiting, undefined);
      // The old session cannot take a seat again either: a browser that was reconnecting when
      // the revoke landed reads the same code, so it stops instead of retrying a refused upgrade.
      const again = open("/ws?role=client", holder);
      assert.deepEqual(await again.closed, {
        code: CloseCode.REVOKED,
        reason: CloseReason.REVOKED,
      });
      await p.close();
    });

    await t.step("cancelling ends a call in progress on both sides (4005)", async () => {
      const appt = await createAppointment(pro, "Cancelled Client", 0);
      const holder = await clientFor(app.url, appt.link);
      const c = open("/ws?role=client", holder);
      await c.nextOf("welcome");
      const p = open(`/ws?appointment=${appt.id}`, pro);
      await p.nextOf("welcome");
      c.send(encode({ type: "offer", to: "pro", sdp: "v=0\r\n" }));
      await p.nextOf("offer");
      p.send(encode({ type: "answer", to: "client", sdp: "v=0\r\n" }));
      await c.nextOf("answer");
      await statusUntil(dash, appt.id, (s) => s.status === "in_call");

      const res = await postAppointmentAction(pro, appt.id, "cancel");
      assert.equal(res.status, 303);
      for (const s of [c, p]) {
        assert.ok(await within(s.closed, 1000), "closed within 1 s of the cancel");
        assert.deepEqual(await s.closed, {
          code: CloseCode.CANCELLED,
          reason: CloseReason.CANCELLED,
        });
      }
      await statusUntil(dash, appt.id, (s) => s.status === "cancelled" && !s.clientPresent);
      assert.equal(dash.isClosed, false, "the dashboard socket stays open");
      // Reconnecting after the cancel reads the same code, on both sides.
      for (const who of [holder, pro]) {
        const again = open(who === pro ? `/ws?appointment=${appt.id}` : "/ws?role=client", who);
        assert.deepEqual(await again.closed, {
          code: CloseCode.CANCELLED,
          reason: CloseReason.CANCELLED,
        });
      }
    });

    await t.step("one professional's session gets no more than its cap of sockets", async () => {
      const extra = Array.from(
        { length: DEFAULT_LIMITS.socketsPerPro + 3 },
        () => open("/ws", pro),
      );
      const refused = [];
      for (const s of extra) {
        const first = await s.next();
        if (first.type === "error") refused.push({ error: first, closed: await s.closed });
      }
      // The dashboard opened above holds one place: four of the extra sockets are turned away.
      assert.equal(refused.length, 4);
      for (const r of refused) {
        assert.equal(r.error.type === "error" && r.error.code, "too_many_sockets");
        assert.deepEqual(r.closed, {
          code: CloseCode.POLICY,
          reason: CloseReason.TOO_MANY_SOCKETS,
        });
      }
      const metrics = await (await fetch(`${app.url}/metrics`)).text();
      assert.match(metrics, /messages_rejected_total\{reason="too_many_sockets"\} 4\n/);
      assert.match(metrics, /sockets_ended_total\{reason="revoked"\} 1\n/);
      assert.match(metrics, /sockets_ended_total\{reason="cancelled"\} 2\n/);
    });
  } finally {
    for (const s of sockets) await s.close().catch(() => {});
    await app.stop();
  }
});
