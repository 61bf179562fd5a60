/**
 * A tiny run of `deno task bench --cluster-only` (60 sockets over three Frontdesk instances on a
 * real PostgreSQL and Redis, then socket.io on its Redis adapter, then the bare Deno relay), so the
 * cluster harness never rots. No timing assertions: that every socket landed where the plan put it,
 * that every message crossed instances and arrived, and that the report has its figures and goals.
 */
import assert from "node:assert/strict";
import { clusterUnavailable } from "../bench/cluster_servers.ts";

const ROOT = new URL("../", import.meta.url);
const unavailable = clusterUnavailable();

Deno.test({
  name: "bench --cluster smoke: sockets on three instances, every relay across them delivered",
  ignore: unavailable !== null,
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "frontdesk-bench-cluster-smoke-" });
    try {
      const run = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "--unstable-bundle",
          "bench/main.ts",
          ...["--quick", "--cluster-only", "--cluster-sockets", "60", "--cluster-rate", "200"],
          "--no-pin",
          ...["--out", out],
        ],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.ok(run.success, `bench failed:\n${stderr}`);
      const report = JSON.parse(await Deno.readTextFile(`${out}/latest.json`));
      assert.equal(report.signaling, null, "--cluster-only leaves the one-process bench out");
      const c = report.cluster;
      assert.equal(c.plan.instances, 3);
      for (const kind of ["frontdesk", "reference"]) {
        const h = c[kind].hold;
        assert.equal(h.held, 60, `${kind}: every socket authenticated`);
        assert.equal(h.failures, 0);
        assert.deepEqual(h.instances.map((i: { sockets: number }) => i.sockets), [20, 20, 20]);
        assert.equal(h.exchange.sent, 30 * 42, `${kind}: offer, answer, 20 ICE per side`);
        // Every message arrives: late maybe (how many within 5 s of its window is a figure of
        // the machine's speed; a loaded CI machine's reference cluster had 839 of 1260), not lost.
        assert.equal(h.exchange.eventually, h.exchange.sent, `${kind}: all signaling delivered`);
        assert.ok(h.exchange.delivered <= h.exchange.sent);
        assert.equal(h.lost, 0);
        for (const i of h.instances) assert.ok(i.rssMb > 0 && i.rssBeforeGcMb > 0);
        const l = c[kind].latency;
        assert.equal(l.cross.length, l.single.length, `${kind}: tries interleaved, as many each`);
        // The timed tries count what arrived in their window: counted (never more than sent),
        // and measured at all (a harness that lost its receivers would deliver none in any try).
        const tries = [h.heldRate, ...l.cross, ...l.single];
        for (const t of tries) assert.ok(t.sent > 0 && t.delivered <= t.sent, JSON.stringify(t));
        assert.ok(tries.some((t) => t.delivered === t.sent), `${kind}: no try delivered all`);
      }
      // Each appointment's two ends are on two instances: every instance sent and received.
      for (const i of c.frontdesk.hold.instances) {
        assert.ok(i.metrics.messages_total_sent > 0, `${i.origin} sent to another instance`);
        assert.ok(i.metrics.messages_total_received > 0, `${i.origin} heard from another`);
        assert.equal(i.metrics.instance_sockets, 20, "its /metrics counts the sockets on it");
      }
      assert.equal(c.floor.sockets, 20, "the floor holds as many sockets as one instance");
      const goals = report.goals.map((g: { goal: string }) => g.goal).join("\n");
      assert.match(goals, /50,000 authenticated sockets held across instances/);
      assert.match(goals, /cross-instance relay p99 ≤ 2× single-instance/);
      assert.match(goals, /≤ 1\.1× the bare Deno relay/);
      assert.doesNotMatch(goals, /one server process|½ reference/, "the replaced goals are gone");
      const md = await Deno.readTextFile(`${out}/latest.md`);
      assert.match(md, /across 3 instances.*Frontdesk on Redis.*socket\.io \+ Redis adapter/);
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
