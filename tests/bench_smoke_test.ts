/**
 * A tiny run of `deno task bench` (a few appointments, Frontdesk, the reference and the bare Deno
 * relay, page weight, no browser) so
 * the harness never rots. No timing assertions: only that every message was delivered and that
 * the JSON report has the expected keys.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

Deno.test({
  name: "bench smoke: all three servers relay every message; latest.json has its keys",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const out = await Deno.makeTempDir({ prefix: "frontdesk-bench-smoke-" });
    try {
      const run = await new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "-A",
          "bench/main.ts",
          ...["--connections", "20", "--rate-pairs", "10", "--rates", "100", "--rate-seconds", "1"],
          ...["--skip-browser", "--no-pin", "--out", out],
        ],
        cwd: ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(run.stderr);
      assert.ok(run.success, `bench failed:\n${stderr}`);
      const report = JSON.parse(await Deno.readTextFile(`${out}/latest.json`));
      for (
        const key of ["mode", "machine", "plan", "signaling", "cpuPerMillion", "pages", "goals"]
      ) {
        assert.ok(key in report, `report has ${key}`);
      }
      for (const server of ["frontdesk", "reference", "denoFloor"]) {
        const s = report.signaling[server];
        assert.equal(s.handshakes.sockets, 20, `${server}: every socket authenticated`);
        assert.equal(s.handshakes.failures, 0);
        assert.equal(s.exchange.sent, 10 * 42, `${server}: offer, answer, 20 ICE per side`);
        assert.equal(s.exchange.delivered, s.exchange.sent, `${server}: all signaling delivered`);
        // One rate; a try that misses the p99 limit is retried (up to 3), never silently dropped.
        assert.ok(s.rates.length >= 1 && s.rates.length <= 3);
        s.rates.forEach((r: { attempt: number; rate: number }, i: number) => {
          assert.equal(r.rate, 100);
          assert.equal(r.attempt, i + 1);
        });
        for (const r of s.rates) {
          assert.equal(r.delivered, r.sent, `${server}: all timed ICE delivered`);
        }
        assert.equal(s.maxRateUnderLimit, s.rates.at(-1).pass ? 100 : 0);
        assert.equal(s.lostSockets, 0);
        for (const key of ["maxRateUnderLimit", "memory"]) assert.ok(key in s);
        // Memory is read as found and after a full GC through the server's inspector.
        const point = s.memory.checkpoints.at(-1);
        assert.ok(point.rssMb > 0 && point.rssBeforeGcMb > 0, `${server}: both RSS readings`);
      }
      const heap = report.signaling.frontdesk.memory.checkpoints.at(-1)?.heapUsedMb;
      assert.ok(heap > 0, "Frontdesk's JS heap is read from its /metrics");
      assert.equal(report.pages.length, 4);
      assert.ok(await Deno.stat(`${out}/latest.md`));
    } finally {
      await Deno.remove(out, { recursive: true });
    }
  },
});
