import assert from "node:assert/strict";
import { OptionError, parseOptions } from "./options.ts";

const LIMIT = 20_000;

Deno.test("bench options: full mode by default, capped by the open-file limit", () => {
  const opts = parseOptions([], 2, LIMIT);
  assert.equal(opts.mode, "full");
  assert.equal(opts.calls, 16);
  // (20,000 − 300 kept for the process) / 2 fds per appointment in each process.
  assert.equal(opts.plan.appointments, 9_850);
  assert.equal(opts.plan.fileLimited, LIMIT);
  assert.deepEqual(opts.plan.memoryCheckpoints, [1_000, 10_000]);
  assert.equal(opts.plan.serverCpus, "0");
  assert.equal(opts.plan.clientCpus, "1-1");
  assert.equal(opts.skipFloor, false);
  assert.equal(opts.skipLab, false, "the lab runs where it can be built");
  assert.ok(opts.outDir.endsWith("/bench/results/"));
});

Deno.test("bench options: quick mode is small enough for about a minute", () => {
  const opts = parseOptions(["--quick"], 2, LIMIT);
  assert.equal(opts.mode, "quick");
  assert.equal(opts.calls, 3);
  assert.equal(opts.plan.appointments, 2_000);
  assert.equal(opts.plan.fileLimited, undefined);
  assert.deepEqual(opts.plan.rates, [5_000, 10_000, 20_000, 30_000, 40_000]);
  assert.equal(opts.plan.rateSeconds, 1);
  assert.equal(opts.skipFloor, true, "the bare Deno relay is a full-mode figure");
  assert.equal(opts.skipReference, false);
  // 40,000 msg/s over 2,000 sockets: 20 per socket, under the hub's 50/s.
  assert.equal(opts.plan.ratePairs, 1_000);
  assert.deepEqual(opts.plan.memoryCheckpoints, [], "one reading, at the end");
});

Deno.test("bench options: sizes, skips and pinning", () => {
  const opts = parseOptions(
    [
      "--connections",
      "41",
      "--rates",
      "100,200",
      "--rate-seconds",
      "3",
      "--rate-attempts",
      "1",
      "--calls",
      "2",
      "--skip-browser",
      "--skip-lab",
      "--skip-pages",
      "--skip-reference",
      "--skip-floor",
      "--no-pin",
      "--out",
      "/tmp/bench-out",
    ],
    2,
    LIMIT,
  );
  assert.equal(opts.mode, "custom");
  assert.equal(opts.plan.appointments, 21);
  assert.equal(opts.plan.ratePairs, 21, "no more sweep pairs than appointments");
  assert.deepEqual(opts.plan.rates, [100, 200]);
  assert.equal(opts.plan.rateSeconds, 3);
  assert.equal(opts.plan.rateAttempts, 1);
  assert.equal(opts.calls, 2);
  assert.ok(opts.skipBrowser && opts.skipLab && opts.skipPages && opts.skipReference);
  assert.ok(opts.skipFloor);
  assert.equal(opts.plan.serverCpus, undefined);
  assert.equal(opts.plan.clientCpus, undefined);
  assert.equal(opts.outDir, "/tmp/bench-out");
  // One core: nothing to pin to.
  assert.equal(parseOptions([], 1, LIMIT).plan.serverCpus, undefined);
});

Deno.test("bench options: a mistake is an OptionError that says what is wrong", () => {
  const cases: [string[], RegExp][] = [
    [["--connections", "abc"], /--connections needs a positive integer, not "abc"/],
    [["--connections", "0"], /--connections needs a positive integer/],
    [["--calls", "1.5"], /--calls needs a positive integer, not "1.5"/],
    [["--rates", "100,,200"], /--rates needs a positive integer, not ""/],
    [["--rates"], /--rates needs a value/],
    [["--out"], /--out needs a value/],
    [["--calls", "--quick"], /--calls needs a value/],
    [["--bogus"], /unknown option --bogus/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseOptions(args, 2, LIMIT), (err: unknown) => {
      assert.ok(err instanceof OptionError, `${args.join(" ")}: ${err}`);
      assert.match(err.message, message);
      return true;
    });
  }
});

Deno.test("deno task bench with a bad option: one line on stderr, exit status 2", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./main.ts", import.meta.url).pathname, "--calls", "none"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 2, stderr);
  assert.match(stderr, /^bench: --calls needs a positive integer, not "none"\n$/m);
  assert.doesNotMatch(stderr, /Uncaught|at /);
});
