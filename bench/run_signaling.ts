/**
 * The signaling half of the bench: one set of fixtures (database + fixtures file) shared by all
 * servers; handshakes, signaling and memory measured on each in turn with the same plan, then the
 * latency sweep of all of them interleaved (`rate_sweep.ts`), so they share the machine's moods.
 */
import { base64url } from "jose";
import { createFixtures } from "./fixtures.ts";
import { measureHeldSockets, type SignalingPlan, type SignalingResult } from "./signaling_bench.ts";
import { sweepInterleaved } from "./rate_sweep.ts";

/** Both servers' results (reference absent when skipped). */
export interface SignalingResults {
  frontdesk: SignalingResult;
  reference?: SignalingResult;
  /** The bare Deno relay: what the runtime itself costs. */
  denoFloor?: SignalingResult;
}

/** Creates the fixtures in a private temp dir, measures the servers, removes the temp dir. */
export async function runSignaling(
  plan: SignalingPlan,
  withReference: boolean,
  withFloor: boolean,
  progress: (line: string) => void,
): Promise<SignalingResults> {
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-bench-" });
  try {
    await Deno.chmod(dir, 0o700);
    const secret = base64url.encode(crypto.getRandomValues(new Uint8Array(48)));
    const dataDir = `${dir}/data`;
    const fixturesPath = `${dir}/fixtures.json`;
    const started = performance.now();
    await createFixtures(
      dataDir,
      new TextEncoder().encode(secret),
      plan.appointments,
      fixturesPath,
    );
    progress(
      `fixtures: ${plan.appointments} appointments in ${
        Math.round(performance.now() - started)
      } ms`,
    );
    const serverOpts = { dataDir, secret, fixturesPath };
    const measure = (kind: SignalingResult["server"]) =>
      measureHeldSockets(kind, serverOpts, fixturesPath, plan, progress);
    const frontdesk = await measure("frontdesk");
    const reference = withReference ? await measure("reference") : undefined;
    const denoFloor = withFloor ? await measure("deno-floor") : undefined;
    const all = [frontdesk, reference, denoFloor].filter((r): r is SignalingResult => !!r);
    await sweepInterleaved(all, serverOpts, fixturesPath, plan, progress);
    return { frontdesk, reference, denoFloor };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
