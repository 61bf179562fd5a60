/**
 * The cluster layer with real parts: a real redis-server and two hubs over one store, each behind
 * its own ClusterHub, as two instances would be (the multi-process version is in
 * tests/cluster_*_test.ts).
 */
import assert from "node:assert/strict";
import { Hub } from "../hub.ts";
import { CloseCode } from "../protocol.ts";
import { type Fixture, setup } from "../testing/hub_fixture.ts";
import { RecordingConnection } from "../testing/recording_connection.ts";
import { redisUnavailable, startRedis, type TestRedis } from "../../tests/helpers/redis.ts";
import { type ClusterHooks, ClusterHub } from "./cluster_hub.ts";
import { until } from "../testing/until.ts";

const unavailable = redisUnavailable();
if (unavailable) console.warn(`Skipping the cluster tests: ${unavailable}`);

interface Two {
  f: Fixture;
  redis: TestRedis;
  a: ClusterHub;
  b: ClusterHub;
  /** The instances' own hubs. */
  hubs: Hub[];
  done(): Promise<void>;
}

/** Two instances ("a" and "b") over one store and one Redis. */
async function two(graceMs = 0): Promise<Two> {
  const redis = await startRedis();
  const f = await setup();
  // The fixture's own hub is not used: each instance gets one with its held-messages mirror.
  await f.hub.close();
  const hub = (hooks: ClusterHooks) =>
    new Hub({
      store: f.store,
      now: () => f.clock.t,
      limits: { sweepEveryMs: 0, graceMs, windowCheckEveryMs: 0 },
      ...hooks,
    });
  const options = { hub, url: redis.url, ttlMs: 1_500, lingerMs: 100 };
  const hubs: Hub[] = [];
  const made = (hooks: ClusterHooks) => {
    const h = hub(hooks);
    hubs.push(h);
    return h;
  };
  const a = new ClusterHub({ ...options, hub: made, id: "a" });
  const b = new ClusterHub({ ...options, hub: made, id: "b" });
  await until("redis up", () => a.redisUp && b.redisUp);
  return {
    f,
    redis,
    a,
    b,
    hubs,
    async done() {
      await a.close();
      await b.close();
      await f.store.close();
      await redis.stop();
    },
  };
}

const has = (c: RecordingConnection, type: string) => () => c.messages.some((m) => m.type === type);

Deno.test({
  name: "cluster: a client on one instance and the professional on another talk, in order",
  ignore: unavailable !== null,
  fn: async () => {
    const { f, a, b, redis, done } = await two();
    try {
      const c = new RecordingConnection();
      const client = await a.connect(c, f.client());
      await until("client welcome", has(c, "welcome"));
      assert.equal(
        await redis.cli("GET", `fd:owner:${f.proId}`),
        "a",
        "a claimed the professional",
      );

      const dash = new RecordingConnection();
      await b.connect(dash, f.pro(null));
      await until("dashboard welcome", has(dash, "welcome"));
      const p = new RecordingConnection();
      const pro = await b.connect(p, f.pro(f.appt.id));
      await until("pro welcome", has(p, "welcome"));

      client.receive(JSON.stringify({ type: "offer", to: "pro", sdp: "v=0\r\n" }));
      for (let i = 0; i < 50; i++) {
        client.receive(JSON.stringify({
          type: "ice",
          to: "pro",
          candidate: { candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${1000 + i} typ host` },
        }));
      }
      await until("51 relayed", () => p.ofType("ice").length === 50);
      assert.equal(p.ofType("offer")[0].sdp, "v=0\r\n", "SDP byte for byte");
      assert.deepEqual(
        p.ofType("ice").map((m) => m.candidate?.candidate?.split(" ")[0]),
        Array.from({ length: 50 }, (_, i) => `candidate:${i}`),
        "candidates in the order they were sent",
      );
      pro.receive(JSON.stringify({ type: "answer", to: "client", sdp: "v=0\r\na=x\r\n" }));
      await until("answer", has(c, "answer"));
      await until(
        "dashboard sees in_call",
        () => dash.ofType("status").some((s) => s.status === "in_call"),
      );

      await until(
        "counters settled",
        () =>
          a.clusterMetrics().received === b.clusterMetrics().sent &&
          b.clusterMetrics().received === a.clusterMetrics().sent,
      );
      const ma = a.clusterMetrics();
      const mb = b.clusterMetrics();
      assert.equal(ma.instanceSockets, 1);
      assert.equal(ma.remoteSockets, 2);
      assert.equal(ma.ownedProfessionals, 1);
      assert.equal(mb.instanceSockets, 2);
      assert.equal(mb.forwardedSockets, 2);
      assert.ok(ma.sent >= 52, "a sent b the welcomes, the offer and the 50 candidates");
      assert.ok(mb.sent >= 3, "b sent a the two opens and the answer");
      assert.equal(a.metrics().openSockets, 3, "a's hub serves all three");
      assert.equal(b.metrics().openSockets, 0);
      assert.match(a.extraMetrics(), /^frontdesk_cluster_remote_sockets 2$/m);
    } finally {
      await done();
    }
  },
});

Deno.test({
  name: "cluster: a drain tells every socket of its calls to reconnect (1012); they land elsewhere",
  ignore: unavailable !== null,
  fn: async () => {
    const { f, a, b, redis, done } = await two();
    try {
      const c = new RecordingConnection();
      await a.connect(c, f.client());
      const p = new RecordingConnection();
      await b.connect(p, f.pro(f.appt.id));
      await until("pro welcome", has(p, "welcome"));
      await a.close();
      assert.equal(c.closeCode, CloseCode.RESTART);
      await until("forwarded socket closed", () => p.closeCode !== undefined);
      assert.equal(p.closeCode, CloseCode.RESTART);
      assert.equal(await redis.cli("GET", `fd:owner:${f.proId}`), "", "the claim was given up");
      // Both reconnect to b, which now holds the call.
      const c2 = new RecordingConnection();
      await b.connect(c2, f.client());
      const p2 = new RecordingConnection();
      await b.connect(p2, f.pro(f.appt.id));
      await until("both back", () => has(c2, "welcome")() && has(p2, "welcome")());
      assert.equal(b.clusterMetrics().forwardedSockets, 0);
      assert.equal(await redis.cli("GET", `fd:owner:${f.proId}`), "b");
      const refused = new RecordingConnection();
      await a.connect(refused, f.client());
      assert.equal(refused.closeCode, CloseCode.RESTART, "a draining instance takes no socket");
    } finally {
      await done();
    }
  },
});

Deno.test({
  name: "cluster: a revoke on one instance closes the client on the other (4004)",
  ignore: unavailable !== null,
  fn: async () => {
    const { f, a, b, done } = await two();
    try {
      const c = new RecordingConnection();
      await a.connect(c, f.client());
      await until("client welcome", has(c, "welcome"));
      const revoked = await f.store.revokeLink(f.appt.id, "professional");
      b.revokeLink(f.appt.id, revoked.linkVersion);
      await until("client closed", () => c.closeCode !== undefined);
      assert.equal(c.closeCode, CloseCode.REVOKED);
    } finally {
      await done();
    }
  },
});

Deno.test({
  name: "cluster: Redis restarts — forwarded sockets reconnect, local ones stay, claims come back",
  ignore: unavailable !== null,
  fn: async () => {
    const { f, a, b, redis, done } = await two();
    try {
      const c = new RecordingConnection();
      await a.connect(c, f.client());
      const p = new RecordingConnection();
      await b.connect(p, f.pro(f.appt.id));
      await until("pro welcome", has(p, "welcome"));
      await redis.restart();
      await until("forwarded socket closed", () => p.closeCode !== undefined);
      assert.equal(p.closeCode, CloseCode.RESTART);
      assert.equal(c.closeCode, undefined, "the socket served where its call is stays");
      await until("both back", () => a.redisUp && b.redisUp);
      await until(
        "claim re-announced",
        async () => await redis.cli("GET", `fd:owner:${f.proId}`) === "a",
      );
      assert.equal(await redis.cli("EXISTS", "fd:alive:a"), "1");
      assert.ok(a.clusterMetrics().redisReconnects >= 1);
      // The professional reconnects to b and reaches the client on a again.
      const p2 = new RecordingConnection();
      const pro = await b.connect(p2, f.pro(f.appt.id));
      await until("pro welcome again", has(p2, "welcome"));
      pro.receive(JSON.stringify({ type: "offer", to: "client", sdp: "v=0\r\n" }));
      await until("offer after the restart", has(c, "offer"));
    } finally {
      await done();
    }
  },
});

Deno.test({
  name: "cluster: what is held for someone absent survives the instance holding the room",
  ignore: unavailable !== null,
  fn: async () => {
    const { f, a, b, redis, done } = await two(20_000);
    try {
      const c = new RecordingConnection();
      const client = await a.connect(c, f.client());
      await until("client welcome", has(c, "welcome"));
      client.receive(JSON.stringify({ type: "offer", to: "pro", sdp: "v=0\r\nheld\r\n" }));
      await until(
        "held in redis",
        async () => (await redis.cli("GET", `fd:held:${f.appt.id}`)).includes("held"),
      );
      await a.close();
      assert.equal(c.closeCode, CloseCode.RESTART);
      // The client's page reconnects to b; the professional arrives there and gets the offer.
      const c2 = new RecordingConnection();
      await b.connect(c2, f.client());
      await until("client back", has(c2, "welcome"));
      const p = new RecordingConnection();
      await b.connect(p, f.pro(f.appt.id));
      await until("held offer delivered", has(p, "offer"));
      assert.equal(p.ofType("offer")[0].sdp, "v=0\r\nheld\r\n");
      await until(
        "taken, so gone from redis",
        async () => await redis.cli("EXISTS", `fd:held:${f.appt.id}`) === "0",
      );
    } finally {
      await done();
    }
  },
});

Deno.test({
  name: "cluster: a window closed by another instance's check still closes the room (4002)",
  ignore: unavailable !== null,
  fn: async () => {
    const { f, a, b, hubs, done } = await two();
    try {
      const c = new RecordingConnection();
      await a.connect(c, f.client());
      await until("client welcome", has(c, "welcome"));
      // Past the window (30 min from its start, and the grace after it): b's check ends it.
      f.clock.t += 24 * 3_600_000;
      await hubs[1].closeEndedWindows();
      await until("client closed", () => c.closeCode !== undefined);
      assert.equal(c.closeCode, CloseCode.ENDED);
      assert.equal(b.metrics().openSockets, 0);
    } finally {
      await done();
    }
  },
});

Deno.test({
  name: "cluster: a forwarded socket's leave gives up its seat at once, as in one process",
  ignore: unavailable !== null,
  fn: async () => {
    const { f, a, b, done } = await two(20_000);
    try {
      const c = new RecordingConnection();
      await a.connect(c, f.client());
      const p = new RecordingConnection();
      const pro = await b.connect(p, f.pro(f.appt.id));
      await until("pro welcome", has(p, "welcome"));
      pro.receive(JSON.stringify({ type: "leave" }));
      await until(
        "client hears the professional left",
        () => c.ofType("peer").some((m) => m.id === "pro" && m.state === "left"),
      );
      await until("pro closed", () => p.closeCode !== undefined);
      assert.equal(p.closeCode, CloseCode.NORMAL);
      assert.ok(!c.ofType("peer").some((m) => m.state === "away"), "no grace period for a leave");
    } finally {
      await done();
    }
  },
});

Deno.test({
  name:
    "cluster: a socket forwarded to an instance whose claim just lapsed is served there, not turned away",
  ignore: unavailable !== null,
  fn: async () => {
    const { f, a, b, redis, done } = await two();
    try {
      // a's claim lapsed locally (its last socket left, the linger ran out) while Redis still names
      // it, as in the moment before its release lands: b reads "a" and forwards to a.
      await redis.cli("SET", `fd:owner:${f.proId}`, "a", "PX", "5000");
      const c = new RecordingConnection();
      const client = await b.connect(c, f.client());
      await until("welcome or close", () => has(c, "welcome")() || c.closeCode !== undefined);
      assert.equal(c.closeCode, undefined, "not told to reconnect");
      assert.equal(a.clusterMetrics().remoteSockets, 1, "a serves it");
      assert.equal(b.clusterMetrics().forwardedSockets, 1, "b forwards it");
      // Frames sent at once after the welcome arrive, and the call works across the two.
      const p = new RecordingConnection();
      await a.connect(p, f.pro(f.appt.id));
      await until("pro welcome", has(p, "welcome"));
      client.receive(JSON.stringify({ type: "offer", to: "pro", sdp: "v=0\r\n" }));
      await until("offer relayed", has(p, "offer"));
    } finally {
      await done();
    }
  },
});
