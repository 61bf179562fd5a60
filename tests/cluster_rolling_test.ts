/**
 * A rolling restart during a call: three instances on one PostgreSQL and one redis-server, each in
 * turn stopped with SIGTERM (its sockets told 1012) and replaced by a new one, while a client and
 * the professional keep negotiating with raw WebSocket clients. Every socket closed reconnects to
 * a running instance, as the browser does, and after each restart an offer, 20 candidates and an
 * answer go through in order: no message sent on an open socket is lost.
 */
import assert from "node:assert/strict";
import type { AppProcess } from "./helpers/app_process.ts";
import { clientFor, cookieHeader, createAppointment } from "./helpers/app_session.ts";
import { Client } from "./helpers/browserless_client.ts";
import { addProfessional } from "./helpers/pro.ts";
import { clusterUnavailable, startClusterParts, startInstance } from "./helpers/cluster_parts.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { CloseCode, withProtocolVersion } from "../signaling/protocol.ts";

const unavailable = clusterUnavailable();
if (unavailable) console.warn(`Skipping the rolling restart test: ${unavailable}`);

Deno.test({
  name: "three instances restarted one after another during a call: nothing sent is lost",
  ignore: unavailable !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const parts = await startClusterParts();
    const { env } = parts;
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-rolling-" });
    const apps: AppProcess[] = [];
    const stopped: AppProcess[] = [];
    const sockets: TestSocket[] = [];
    const start = () => startInstance(env);
    try {
      const token = await addProfessional(dataDir, "Dr. Rolling", env);
      for (let i = 0; i < 3; i++) apps.push(await start());
      const pro = new Client(apps[0].url);
      await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
      const appt = await createAppointment(pro, "Rolling Client", 0);
      const client = await clientFor(apps[0].url, appt.link);
      let turn = 0;
      /** Connects `who` to the next running instance (round robin), retrying 1012/1013. */
      const join = async (path: string, who: Client) => {
        for (let attempt = 0;; attempt++) {
          const app = apps[turn++ % apps.length];
          const s = new TestSocket(withProtocolVersion(`${app.url.replace("http", "ws")}${path}`), {
            cookie: cookieHeader(who),
            origin: app.url,
          });
          sockets.push(s);
          if (await s.nextOf("welcome").then(() => true, () => false)) return s;
          const { code, reason } = await s.closed;
          const retry = code === CloseCode.RESTART || code === CloseCode.TRY_AGAIN;
          if (!retry || attempt >= 30) throw new Error(`closed ${code} ${reason}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      let cs = await join("/ws?role=client", client);
      let ps = await join(`/ws?appointment=${appt.id}`, pro);
      const negotiate = async (round: number) => {
        const sdp = `v=0\r\ns=round ${round}\r\n`;
        cs.send(JSON.stringify({ type: "offer", to: "pro", sdp }));
        for (let i = 0; i < 20; i++) {
          cs.send(JSON.stringify({
            type: "ice",
            to: "pro",
            candidate: {
              candidate: `candidate:${round}-${i} 1 udp 1 127.0.0.1 ${9000 + i} typ host`,
            },
          }));
        }
        assert.equal((await ps.nextOf("offer")).sdp, sdp);
        for (let i = 0; i < 20; i++) {
          const ice = await ps.nextOf("ice");
          assert.equal(ice.candidate?.candidate?.split(" ")[0], `candidate:${round}-${i}`);
        }
        ps.send(JSON.stringify({ type: "answer", to: "client", sdp: sdp + "a=answer\r\n" }));
        assert.equal((await cs.nextOf("answer")).sdp, sdp + "a=answer\r\n");
      };
      await negotiate(0);
      let reconnects = 0;
      for (let round = 1; round <= 3; round++) {
        // The oldest instance goes (SIGTERM: a drain), a new one takes its place.
        const old = apps.shift()!;
        await old.stop();
        stopped.push(old);
        apps.push(await start());
        for (const s of [cs, ps]) {
          if (!s.isClosed) continue;
          assert.equal((await s.closed).code, CloseCode.RESTART, "told to reconnect");
          reconnects++;
        }
        if (cs.isClosed) cs = await join("/ws?role=client", client);
        if (ps.isClosed) ps = await join(`/ws?appointment=${appt.id}`, pro);
        await negotiate(round);
      }
      assert.ok(reconnects >= 3, `each restart moved a socket of the call (${reconnects})`);
      assert.ok(stopped.every((app) => app.output().includes('"msg":"drained"')));
    } finally {
      for (const s of sockets) s.socket.close();
      for (const app of apps) await app.stop().catch(() => {});
      await parts.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
