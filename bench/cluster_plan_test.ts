import assert from "node:assert/strict";
import { OptionError, parseOptions } from "./options.ts";
import { clusterPreset, fitClusterPlan } from "./cluster_plan.ts";

Deno.test("bench --cluster: 50,000 sockets over three instances, pinned like the rest", () => {
  const opts = parseOptions(["--cluster"], 2, 20_000);
  assert.ok(opts.cluster);
  assert.equal(opts.cluster.sockets, 50_000);
  assert.equal(opts.cluster.instances, 3);
  assert.equal(opts.cluster.serverCpus, "0");
  assert.equal(opts.cluster.clientCpus, "1-1");
  assert.equal(opts.skipSignaling, false, "--cluster adds to the run");
  assert.equal(opts.skipBrowser, false);
  assert.equal(parseOptions([], 2, 20_000).cluster, null, "not without the option");
});

Deno.test("bench --cluster-only: nothing else runs; sizes and rate are options", () => {
  const opts = parseOptions(
    ["--cluster-only", "--cluster-sockets", "600", "--cluster-rate", "200", "--no-pin"],
    2,
    20_000,
  );
  assert.equal(opts.cluster?.sockets, 600);
  assert.equal(opts.cluster?.rate, 200);
  assert.equal(opts.cluster?.serverCpus, undefined, "--no-pin unpins the cluster too");
  assert.equal(opts.cluster?.quietBudgetMs, 0, "a custom size does not wait for quiet");
  assert.deepEqual(
    [opts.skipSignaling, opts.skipBrowser, opts.skipLab, opts.skipPages],
    [true, true, true, true],
  );
  assert.throws(() => parseOptions(["--cluster-sockets", "600"], 2, 20_000), OptionError);
  assert.throws(() => parseOptions(["--cluster", "--cluster-rate", "0"], 2, 20_000), OptionError);
});

Deno.test("bench --cluster: load processes under the open-file limit; too many per instance refused", () => {
  const plan = clusterPreset(false, 2);
  assert.equal(fitClusterPlan(plan, 20_000), null);
  // 15,000 sockets per load process at most: its own descriptors, and a small heap.
  assert.equal(plan.loadProcesses, 4);
  const small = { ...clusterPreset(false, 2), sockets: 61 };
  assert.equal(fitClusterPlan(small, 20_000), null);
  assert.equal(small.sockets, 62, "two per appointment");
  assert.equal(small.loadProcesses, 1);
  assert.equal(small.ratePairs, 31, "the rate's pairs fit in one load process's slice");
  const big = { ...clusterPreset(false, 2), sockets: 70_000 };
  assert.match(fitClusterPlan(big, 20_000) ?? "", /23334 per instance.*19700/);
});
