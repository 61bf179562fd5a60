/**
 * Reads the `deno task turn` settings from the environment: `TURN_PORT`, `TURN_LISTEN_IP`,
 * `TURN_RELAY_IP`, `TURN_EXTERNAL_IP`, `TURN_REALM`, `TURN_MIN_PORT`/`TURN_MAX_PORT`,
 * `TURN_TLS_PORT` with `TURN_CERT`/`TURN_PKEY`; the secret is the app's `TURN_SECRET`.
 */
import type { Config } from "../app/config.ts";
import { TurnConfigError, type TurnConfigOptions } from "./render_config.ts";

type Env = Record<string, string | undefined>;

/** Listening address when `TURN_LISTEN_IP` is unset: this machine only, like the app's default. */
export const DEFAULT_LISTEN_IP = "127.0.0.1";

/** The template's options for `config`, `env` and a pid file path. */
export function turnOptionsFromEnv(
  config: Pick<Config, "turnSecret" | "publicUrl">,
  env: Env,
  pidFile: string,
): TurnConfigOptions {
  if (config.turnSecret === undefined) {
    throw new TurnConfigError("TURN_SECRET is not set");
  }
  const listeningIps = list(env.TURN_LISTEN_IP ?? DEFAULT_LISTEN_IP);
  const specific = listeningIps.filter((ip) => ip !== "0.0.0.0" && ip !== "::");
  const certFile = env.TURN_CERT || undefined;
  const keyFile = env.TURN_PKEY || undefined;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new TurnConfigError("TURN_CERT and TURN_PKEY must be set together (or neither)");
  }
  return {
    secret: config.turnSecret,
    realm: env.TURN_REALM || realmFrom(config.publicUrl),
    port: int("TURN_PORT", env.TURN_PORT, 3478),
    // An explicit "0.0.0.0" or "::" means every interface: coturn's default when none is listed.
    listeningIps: specific.length === listeningIps.length ? listeningIps : [],
    relayIps: env.TURN_RELAY_IP !== undefined
      ? list(env.TURN_RELAY_IP)
      : specific.length === listeningIps.length
      ? listeningIps
      : [],
    externalIp: env.TURN_EXTERNAL_IP || undefined,
    minPort: int("TURN_MIN_PORT", env.TURN_MIN_PORT, 49152),
    maxPort: int("TURN_MAX_PORT", env.TURN_MAX_PORT, 65535),
    pidFile,
    tls: certFile && keyFile
      ? { certFile, keyFile, port: int("TURN_TLS_PORT", env.TURN_TLS_PORT, 5349) }
      : undefined,
  };
}

function list(value: string): string[] {
  return value.split(",").map((s) => s.trim()).filter((s) => s !== "");
}

function int(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === "") return fallback;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new TurnConfigError(`${name} must be an integer, got "${value}"`);
  return n;
}

function realmFrom(publicUrl: string | undefined): string {
  return publicUrl ? new URL(publicUrl).hostname : "frontdesk";
}
