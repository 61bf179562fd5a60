/**
 * The network lab leaves nothing behind (issue 20): destroying a lab removes its namespaces (and
 * with them every interface) and ends what still ran inside; a lab left by a run killed before
 * its `finally` (its creating process gone) is swept by the next lab; a lab of a live process
 * (another test file running now) is left alone.
 */
import assert from "node:assert/strict";
import { labIgnored } from "./netlab/available.ts";
import { createLab } from "./netlab/lab.ts";
import { run } from "./netlab/run.ts";
import { LAB_PREFIX, labNamespaces, sweepStaleLabs } from "./netlab/sweep.ts";

const opts = { ignore: labIgnored(), sanitizeOps: false, sanitizeResources: false };

/** Starts `sleep 300` inside `ns` (as a crashed run's browser or server would still run). */
function sleepIn(ns: string): Deno.ChildProcess {
  return new Deno.Command("ip", {
    args: ["netns", "exec", ns, "sleep", "300"],
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

function alive(pid: number): boolean {
  try {
    return !Deno.readTextFileSync(`/proc/${pid}/stat`).split(" ")[2].startsWith("Z");
  } catch {
    return false;
  }
}

Deno.test({
  name: "netlab: destroy removes the lab's namespaces and ends what ran in them",
  ...opts,
  async fn() {
    const lab = await createLab();
    let made: string[] = [];
    let proc: Deno.ChildProcess | undefined;
    try {
      const net = await lab.addClient({ nat: "symmetric", blockUdp: true });
      await lab.shape(net, {
        lossPercent: 1,
        rateKbit: 1000,
        delayMs: 50,
      });
      made = [...lab.namespaces];
      assert.equal(made.length, 3, "public, router, client");
      for (const ns of made) assert.ok((await labNamespaces()).includes(ns), ns);
      proc = sleepIn(net.ns);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await lab.destroy();
    }
    await proc.status;
    const after = await labNamespaces();
    // Only this lab's names are compared: other labs (test files running now, in this same
    // process under `deno test --parallel`) come and go meanwhile.
    for (const ns of made) assert.ok(!after.includes(ns), `${ns} is gone`);
    assert.ok(!alive(proc.pid), "the process inside was ended");
  },
});

Deno.test({
  name: "netlab: a lab whose run died is swept, a live run's lab is left alone",
  ...opts,
  async fn() {
    // A pid no process can have (above the kernel's largest): a finished child's pid could be
    // given to a new process meanwhile, by a suite that starts hundreds.
    const pidMax = Number(Deno.readTextFileSync("/proc/sys/kernel/pid_max").trim());
    const stale = `${LAB_PREFIX}${pidMax + 1}-dead00-pub`;
    const liveNs = `${LAB_PREFIX}${Deno.pid}-a11ve0-pub`;
    await run("ip", ["netns", "add", stale]);
    await run("ip", ["netns", "add", liveNs]);
    const proc = sleepIn(stale);
    try {
      await new Promise((r) => setTimeout(r, 200));
      // Another lab being made now (a test file running in parallel) may sweep it first: what
      // counts is that it is gone once this sweep returns, and the live lab is not.
      const swept = await sweepStaleLabs();
      assert.ok(!swept.includes(liveNs));
      await proc.status;
      assert.ok(!alive(proc.pid), "the stale lab's process was ended");
      const now = await labNamespaces();
      assert.ok(!now.includes(stale));
      assert.ok(now.includes(liveNs));
    } finally {
      await run("ip", ["netns", "delete", liveNs]).catch(() => {});
      await run("ip", ["netns", "delete", stale]).catch(() => {});
      try {
        proc.kill("SIGKILL");
      } catch { /* ended */ }
    }
  },
});
