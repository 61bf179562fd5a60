/**
 * `deno task share`: makes this machine's Frontdesk reachable from other networks (the second
 * sketch's `yarn share`). Opens a tunnel first, then starts the app (`deno task start`) with
 * `PUBLIC_URL` set to the tunnel's public address, so the links it prints and copies work from
 * anywhere, and that address's origin added to `ALLOWED_ORIGINS`. Ctrl-C (SIGINT, SIGTERM,
 * SIGHUP) stops the app, then closes the tunnel. After Ctrl-C the task exits 130, as shells
 * report a command stopped by it (and as `deno task` reports a child the second, forwarded
 * SIGINT reached while exiting); after SIGTERM or SIGHUP it exits 0.
 *
 *   deno task share                                  # localtunnel's public server (https://)
 *   deno task share --host https://lt.example.com    # a self-hosted localtunnel server
 *   SHARE_SSH=me@my-server.example deno task share   # SSH reverse tunnel, see share/options.ts
 */
import { ConfigError, loadConfig } from "../app/config.ts";
import { startAppChild } from "../share/app_child.ts";
import { openTunnel } from "../share/open_tunnel.ts";
import { readShareOptions, ShareConfigError } from "../share/options.ts";
import { insecureWarning } from "../share/secure_context.ts";
import { TunnelError } from "../share/tunnel.ts";

const ROOT = new URL("../", import.meta.url);

/** What stops the task: Ctrl-C, a service manager, the terminal closing. */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** The exit status once stopped by `signal`: 130 (128 + 2) for Ctrl-C, else a clean 0. */
function stoppedBy(signal: typeof SIGNALS[number]): number {
  return signal === "SIGINT" ? 130 : 0;
}

/** The interface the tunnel connects to: the app's own, loopback when it binds every one. */
function localHost(hostname: string): string {
  return hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
}

function fail(message: string, code: number): never {
  console.error(`deno task share: ${message}`);
  Deno.exit(code);
}

async function main(): Promise<number> {
  const env = Deno.env.toObject();
  delete env.PUBLIC_URL;
  let config;
  let share;
  try {
    config = loadConfig(env);
    share = readShareOptions(env, Deno.args, config.port);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ShareConfigError) fail(err.message, 2);
    throw err;
  }
  if (config.port === 0) fail("PORT=0 cannot be shared: the tunnel needs a fixed port", 2);

  const local = { host: localHost(config.hostname), port: config.port };
  // Ctrl-C while the tunnel is still opening: give up on it (ssh is ended, not left behind).
  const opening = new AbortController();
  let gaveUp = 0;
  const giveUps = SIGNALS.map((signal) => {
    const giveUp = () => {
      gaveUp = stoppedBy(signal);
      opening.abort();
    };
    Deno.addSignalListener(signal, giveUp);
    return () => Deno.removeSignalListener(signal, giveUp);
  });
  let tunnel;
  try {
    tunnel = await openTunnel(share, local, opening.signal);
  } catch (err) {
    if (opening.signal.aborted) return gaveUp;
    if (err instanceof TunnelError) fail(err.message, 1);
    throw err;
  } finally {
    for (const remove of giveUps) remove();
  }
  if (opening.signal.aborted) {
    await tunnel.close();
    return gaveUp;
  }
  const origin = new URL(tunnel.publicUrl).origin;
  console.log(`Sharing Frontdesk at ${tunnel.publicUrl} (${tunnel.description}).`);
  console.log(
    `Links printed or copied now use it; for a dashboard link run, in another terminal:\n` +
      `  PUBLIC_URL=${tunnel.publicUrl} deno task pro link <email, id or name>`,
  );
  const warning = insecureWarning(tunnel.publicUrl);
  if (warning) console.warn(warning);

  const app = startAppChild(ROOT, {
    ...env,
    PUBLIC_URL: tunnel.publicUrl,
    ALLOWED_ORIGINS: [env.ALLOWED_ORIGINS ?? "", origin].filter((o) => o !== "").join(","),
  });
  let stopping: Promise<number> | undefined;
  const stop = (code: number, why?: string) =>
    stopping ??= (async () => {
      if (why) console.error(`deno task share: ${why}; stopping`);
      await app.stop();
      await tunnel.close();
      return code;
    })();
  for (const signal of SIGNALS) Deno.addSignalListener(signal, () => stop(stoppedBy(signal)));
  return await Promise.race([
    app.exited.then((code) => stop(code, `the app exited with status ${code}`)),
    tunnel.closed.then((why) => stop(1, why)),
  ]);
}

Deno.exit(await main());
