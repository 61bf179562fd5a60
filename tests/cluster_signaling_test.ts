/**
 * Signaling across instances with the real parts: three app processes (`main.ts`) sharing one
 * PostgreSQL (started for this file) and one redis-server, raw WebSocket clients with the real
 * session cookies. A client on one instance and the professional on another negotiate in order;
 * each instance's /metrics shows its own sockets and the traffic between them; an instance
 * SIGKILLed loses its calls within the TTL and its people reconnect elsewhere; Redis restarted
 * mid-call, the call carries on; an instance stopped with SIGTERM tells its sockets to reconnect
 * (1012) and they land on another one.
 */
import assert from "node:assert/strict";
import type { AppProcess } from "./helpers/app_process.ts";
import { clientFor, cookieHeader, createAppointment } from "./helpers/app_session.ts";
import { Client } from "./helpers/browserless_client.ts";
import { clusterUnavailable, startClusterParts, startInstance } from "./helpers/cluster_parts.ts";
import { addProfessional } from "./helpers/pro.ts";
import { TestSocket } from "../signaling/testing/ws_client.ts";
import { CloseCode, withProtocolVersion } from "../signaling/protocol.ts";

const unavailable = clusterUnavailable();
if (unavailable) console.warn(`Skipping the cluster signaling test: ${unavailable}`);

/** The heartbeat TTL the instances run with (the smallest REDIS_TTL_MS allows is 1000). */
const TTL_MS = 1_500;

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One of `app`'s Prometheus samples, e.g. `frontdesk_cluster_instance_sockets`. */
async function sample(app: AppProcess, name: string): Promise<number> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(name + " "));
  if (line === undefined) throw new Error(`no ${name} in /metrics`);
  return Number(line.slice(name.length + 1));
}

/** The instance id `app` logged at start. */
async function instanceOf(app: AppProcess): Promise<string> {
  const line = await app.waitForOutput(/\{[^\n]*"msg":"signaling across instances"[^\n]*\}/);
  return JSON.parse(line).instance;
}

Deno.test({
  name: "signaling across three instances on one PostgreSQL and one Redis",
  ignore: unavailable !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    const parts = await startClusterParts({}, TTL_MS);
    const { env, redis } = parts;
    const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-cluster-" });
    const secret = env.LINK_SECRET;
    const apps: AppProcess[] = [];
    const sockets: TestSocket[] = [];
    const start = async () => {
      const app = await startInstance(env);
      apps.push(app);
      return app;
    };
    try {
      const token = await addProfessional(dataDir, "Dr. Cluster", env);
      const [a, b, c] = [await start(), await start(), await start()];
      const ids = [await instanceOf(a), await instanceOf(b), await instanceOf(c)];
      assert.equal(new Set(ids).size, 3);

      const pro = new Client(a.url);
      await (await pro.fetch(`/pro-link?token=${token}`)).body?.cancel();
      const appt = await createAppointment(pro, "Cluster Client", 0);
      const client = await clientFor(a.url, appt.link);
      /** A socket to `app` as `who` (session cookies work on every instance: one secret). */
      const open = (app: AppProcess, path: string, who: Client) => {
        const s = new TestSocket(withProtocolVersion(`${app.url.replace("http", "ws")}${path}`), {
          cookie: cookieHeader(who),
          origin: app.url,
        });
        sockets.push(s);
        return s;
      };
      /**
       * A socket that got its `welcome`, retried as the browser does after 1012 or 1013 (e.g. an
       * instance just back on Redis claims nothing new for a third of the TTL).
       */
      const join = async (app: AppProcess, path: string, who: Client) => {
        for (let attempt = 0;; attempt++) {
          const s = open(app, path, who);
          if (await s.nextOf("welcome").then(() => true, () => false)) return s;
          const { code, reason } = await s.closed;
          const retry = code === CloseCode.RESTART || code === CloseCode.TRY_AGAIN;
          if (!retry || attempt >= 20) throw new Error(`closed ${code} ${reason}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };
      const sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

      let cs: TestSocket;
      let ps: TestSocket;
      let dash: TestSocket;
      await t.step(
        "client on A, professional on B: offer, candidates and answer in order",
        async () => {
          cs = open(a, "/ws?role=client", client);
          assert.equal((await cs.nextOf("welcome")).role, "client");
          dash = await join(b, "/ws", pro);
          ps = await join(b, `/ws?appointment=${appt.id}`, pro);
          cs.send(JSON.stringify({ type: "offer", to: "pro", sdp }));
          for (let i = 0; i < 30; i++) {
            cs.send(JSON.stringify({
              type: "ice",
              to: "pro",
              candidate: { candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${9000 + i} typ host` },
            }));
          }
          assert.equal((await ps.nextOf("offer")).sdp, sdp, "SDP byte for byte");
          for (let i = 0; i < 30; i++) {
            const ice = await ps.nextOf("ice");
            assert.equal(ice.candidate?.candidate?.split(" ")[0], `candidate:${i}`, "in order");
          }
          ps.send(JSON.stringify({ type: "answer", to: "client", sdp: sdp + "a=x\r\n" }));
          assert.equal((await cs.nextOf("answer")).sdp, sdp + "a=x\r\n");
          let status = await dash.nextOf("status");
          while (status.status !== "in_call") status = await dash.nextOf("status");
        },
      );

      await t.step(
        "each instance's /metrics: its own sockets and the traffic between them",
        async () => {
          assert.equal(await sample(a, "frontdesk_cluster_instance_sockets"), 1);
          assert.equal(await sample(a, "frontdesk_cluster_remote_sockets"), 2);
          assert.equal(await sample(a, "frontdesk_signaling_open_sockets"), 3, "A serves the call");
          assert.equal(await sample(b, "frontdesk_cluster_instance_sockets"), 2);
          assert.equal(await sample(b, "frontdesk_cluster_forwarded_sockets"), 2);
          assert.equal(await sample(b, "frontdesk_signaling_open_sockets"), 0);
          assert.ok(await sample(a, 'frontdesk_cluster_messages_total{direction="sent"}') >= 32);
          assert.ok(
            await sample(b, 'frontdesk_cluster_messages_total{direction="received"}') >= 32,
          );
          assert.equal(await sample(c, "frontdesk_cluster_instance_sockets"), 0);
          assert.equal(await sample(c, "frontdesk_cluster_redis_up"), 1);
        },
      );

      await t.step(
        "A SIGKILLed: its claims expire within the TTL; B's sockets reconnect",
        async () => {
          const killedAt = Date.now();
          await a.kill();
          const [pc, dc] = await Promise.all([ps.closed, dash.closed]);
          assert.equal(pc.code, CloseCode.RESTART);
          assert.equal(dc.code, CloseCode.RESTART);
          await until(
            "A's keys expired",
            async () => await redis.cli("EXISTS", `fd:alive:${ids[0]}`) === "0",
          );
          assert.ok(Date.now() - killedAt < TTL_MS * 3, "gone within the TTL and a heartbeat");
          // The client (its socket to A is gone) and the professional reconnect to B and C.
          cs = await join(b, "/ws?role=client", client);
          ps = await join(c, `/ws?appointment=${appt.id}`, pro);
          ps.send(JSON.stringify({ type: "offer", to: "client", sdp }));
          assert.equal((await cs.nextOf("offer")).sdp, sdp);
          assert.equal(
            await sample(b, "frontdesk_cluster_owned_professionals"),
            1,
            "B holds it now",
          );
        },
      );

      await t.step("Redis restarted mid-call: the call carries on", async () => {
        await redis.restart();
        // The professional's socket, forwarded from C to B, reconnects; the client's on B stays.
        assert.equal((await ps.closed).code, CloseCode.RESTART);
        await until(
          "both instances back on Redis",
          async () =>
            await sample(b, "frontdesk_cluster_redis_up") === 1 &&
            await sample(c, "frontdesk_cluster_redis_up") === 1,
        );
        await until(
          "B's claim re-announced",
          async () => (await redis.cli("KEYS", "fd:owner:*")).length > 0,
        );
        ps = await join(c, `/ws?appointment=${appt.id}`, pro);
        ps.send(JSON.stringify({ type: "offer", to: "client", sdp: sdp + "a=restart\r\n" }));
        assert.equal((await cs.nextOf("offer")).sdp, sdp + "a=restart\r\n");
        cs.send(JSON.stringify({ type: "answer", to: "pro", sdp }));
        assert.equal((await ps.nextOf("answer")).sdp, sdp);
        assert.ok(await sample(b, "frontdesk_cluster_redis_reconnects_total") >= 1);
      });

      await t.step(
        "B stopped (SIGTERM): every socket of its calls told 1012, lands on C",
        async () => {
          await b.stop();
          assert.equal((await cs.closed).code, CloseCode.RESTART, "served on B");
          assert.equal((await ps.closed).code, CloseCode.RESTART, "forwarded from C to B");
          cs = await join(c, "/ws?role=client", client);
          ps = await join(c, `/ws?appointment=${appt.id}`, pro);
          cs.send(JSON.stringify({ type: "offer", to: "pro", sdp }));
          assert.equal((await ps.nextOf("offer")).sdp, sdp);
          assert.equal(await sample(c, "frontdesk_cluster_forwarded_sockets"), 0);
        },
      );

      await t.step(
        "an instance forwarding sockets SIGKILLed: the holder drops them within the TTL",
        async () => {
          const d = await start();
          const forwarded = await join(d, "/ws", pro);
          assert.equal(await sample(c, "frontdesk_cluster_remote_sockets"), 1);
          assert.equal(await sample(c, "frontdesk_signaling_open_sockets"), 3);
          await d.kill();
          await forwarded.closed;
          await until(
            "C dropped the socket D forwarded",
            async () =>
              await sample(c, "frontdesk_cluster_remote_sockets") === 0 &&
              await sample(c, "frontdesk_signaling_open_sockets") === 2,
          );
          assert.ok(await sample(c, "frontdesk_cluster_peer_lost_total") >= 1);
          // The call on C goes on.
          cs.send(JSON.stringify({ type: "offer", to: "pro", sdp: sdp + "a=after\r\n" }));
          assert.equal((await ps.nextOf("offer")).sdp, sdp + "a=after\r\n");
        },
      );

      await t.step("no secret in any log", () => {
        for (const app of apps) {
          assert.ok(!app.output().includes(secret), "the link secret is never printed");
          assert.ok(!app.output().includes(token), "no token is printed");
        }
      });
    } finally {
      for (const s of sockets) s.socket.close();
      for (const app of apps) await app.stop().catch(() => {});
      await parts.stop();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});
