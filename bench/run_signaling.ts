/**
 * The signaling half of the bench: one set of fixtures (database + fixtures file) shared by both
 * servers, then Frontdesk and the reference measured one after the other with the same plan.
 */
import { base64url } from "jose";
import { createFixtures } from "./fixtures.ts";
import { benchServer, type SignalingPlan, type SignalingResult } from "./signaling_bench.ts";

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
    const frontdesk = await benchServer(
      "frontdesk",
      serverOpts,
      fixturesPath,
      plan,
      progress,
    );
    const reference = withReference
      ? await benchServer("reference", serverOpts, fixturesPath, plan, progress)
      : undefined;
    const denoFloor = withFloor
      ? await benchServer(
        "deno-floor",
        serverOpts,
        fixturesPath,
        plan,
        progress,
      )
      : undefined;
    return { frontdesk, reference, denoFloor };
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}
