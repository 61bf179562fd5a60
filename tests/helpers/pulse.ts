/**
 * A throwaway PulseAudio server with two silent speakers (null sinks), so Firefox on a machine
 * without sound devices lists speakers and `setSinkId` can be tested. Chromium fakes its own
 * speakers; Firefox only lists the system's. Runs as a child process in its own runtime
 * directory and is killed by its pid.
 */

const PULSEAUDIO = "/usr/bin/pulseaudio";

/** A running server: its address for `PULSE_SERVER`, and how to stop it. */
export interface PulseServer {
  /** e.g. `unix:/tmp/pulse-x/pulse/native` */
  address: string;
  /** The two speakers' descriptions, as browsers label them. */
  speakers: string[];
  stop(): Promise<void>;
}

/** Starts PulseAudio with two null sinks; null (and one line saying so) without the program. */
export async function startPulse(): Promise<PulseServer | null> {
  try {
    await Deno.stat(PULSEAUDIO);
  } catch {
    console.warn(
      "No PulseAudio: Firefox lists no speakers, so its setSinkId is not exercised. Install " +
        "it with `apt-get install -y pulseaudio`.",
    );
    return null;
  }
  const dir = await Deno.makeTempDir({ prefix: "pulse-" });
  const socket = `${dir}/pulse/native`;
  const speakers = ["Speaker_A", "Speaker_B"];
  const child = new Deno.Command(PULSEAUDIO, {
    args: [
      "--daemonize=no",
      "--exit-idle-time=-1",
      "-n", // no default.pa: only the modules below
      "--load=module-native-protocol-unix",
      ...speakers.map((s) =>
        `--load=module-null-sink sink_name=${s.toLowerCase()} sink_properties=device.description=${s}`
      ),
    ],
    env: { XDG_RUNTIME_DIR: dir, HOME: dir },
    stdin: "null",
    stdout: "null",
    stderr: "null", // it warns that it is "not intended to be run as root"
  }).spawn();
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  const deadline = Date.now() + 10_000;
  while (!(await exists(socket))) {
    if (Date.now() > deadline) {
      await stop();
      throw new Error("PulseAudio did not open its socket within 10 s");
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { address: `unix:${socket}`, speakers, stop };
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
