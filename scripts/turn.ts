/**
 * `deno task turn`: runs coturn in the foreground with Frontdesk's safe-by-default configuration
 * (`turn/turnserver.conf.template`), using the same `TURN_SECRET` as the app.
 *
 *   TURN_SECRET=$(openssl rand -base64 32) deno task turn
 *
 * Settings: TURN_PORT (3478), TURN_LISTEN_IP (127.0.0.1; 0.0.0.0 for every interface),
 * TURN_RELAY_IP, TURN_EXTERNAL_IP (public or public/private behind NAT), TURN_REALM,
 * TURN_MIN_PORT/TURN_MAX_PORT (49152-65535), TURN_CERT/TURN_PKEY/TURN_TLS_PORT (5349).
 */
import { ConfigError, loadConfig } from "../app/config.ts";
import { writeTurnConfigFile } from "../turn/config_file.ts";
import { turnOptionsFromEnv } from "../turn/options.ts";
import { renderTurnConfig, TEMPLATE_URL, TurnConfigError } from "../turn/render_config.ts";

const SETUP_HINT = `Set the same secret for both processes, for example:
  export TURN_SECRET="$(openssl rand -base64 32)"
  deno task turn                                  # this TURN server
  TURN_URLS=turn:HOST:3478 deno task start        # the app, with TURN_SECRET from above
(HOST is the address browsers reach the TURN server at; add ?transport=tcp or a turns: URL
with TURN_CERT/TURN_PKEY for networks that block UDP.)`;

/** Runs coturn until it exits; returns the exit status. */
async function main(): Promise<number> {
  let text: string;
  let listenNote: string;
  const dir = await Deno.makeTempDir({ prefix: "frontdesk-turn-" });
  try {
    const config = loadConfig();
    if (config.turnSecret === undefined) {
      throw new TurnConfigError(
        `TURN_SECRET is not set: coturn needs the app's TURN shared secret.\n\n${SETUP_HINT}`,
      );
    }
    const opts = turnOptionsFromEnv(config, Deno.env.toObject(), `${dir}/turnserver.pid`);
    text = renderTurnConfig(await Deno.readTextFile(TEMPLATE_URL), opts);
    const where = opts.listeningIps.length > 0 ? opts.listeningIps.join(", ") : "every interface";
    listenNote = `TURN on ${where}, port ${opts.port} (UDP and TCP), realm ${opts.realm}`;
    if (opts.listeningIps.every((ip) => ip === "127.0.0.1" || ip === "::1")) {
      listenNote += "\n  loopback only: set TURN_LISTEN_IP=0.0.0.0 (and TURN_EXTERNAL_IP behind " +
        "NAT) to serve other machines";
    }
  } catch (e) {
    await Deno.remove(dir, { recursive: true });
    if (e instanceof ConfigError || e instanceof TurnConfigError) {
      console.error(`Cannot start TURN: ${e.message}`);
      return 1;
    }
    throw e;
  }
  try {
    const configFile = await writeTurnConfigFile(dir, text);
    return await runTurnserver(configFile, listenNote);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Starts `turnserver -c configFile` with inherited stdio and forwards SIGINT/SIGTERM to it. */
async function runTurnserver(configFile: string, listenNote: string): Promise<number> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("turnserver", {
      args: ["-c", configFile],
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    console.error(
      "coturn's turnserver is not installed (not found on PATH).\n" +
        "Install it with: sudo apt-get install coturn   (Debian/Ubuntu)\n" +
        "then run `deno task turn` again.",
    );
    return 1;
  }
  console.info(listenNote);
  let stopping = false;
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const forward = signals.map((signal) => {
    const handler = () => {
      stopping = true;
      try {
        child.kill(signal);
      } catch {
        // already exited
      }
    };
    Deno.addSignalListener(signal, handler);
    return () => Deno.removeSignalListener(signal, handler);
  });
  try {
    const status = await child.status;
    return stopping ? 0 : status.code;
  } finally {
    for (const remove of forward) remove();
  }
}

if (import.meta.main) Deno.exit(await main());
