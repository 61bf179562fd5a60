/**
 * The ICE server list a browser gets for one call: the configured STUN URLs as they are, and the
 * TURN URLs with short-lived credentials in the TURN REST API scheme that coturn checks with
 * `use-auth-secret` (username `<expiry-unix-seconds>:<participant>`, password
 * `base64(HMAC-SHA1(secret, username))`).
 *
 * @example
 * ```ts
 * const { closesAt } = joinWindow(appointment);
 * const iceServers = await iceServersFor(config, participantId, closesAt);
 * // → [{ urls: ["stun:…"] }, { urls: ["turn:…"], username: "1767225600:p1", credential: "…" }]
 * ```
 */
import type { Config } from "../app/config.ts";

/** One entry of `RTCConfiguration.iceServers`, as JSON. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

/** The longest a TURN credential lives, whatever the appointment says: 24 hours. */
export const MAX_TURN_CREDENTIAL_MS = 24 * 60 * 60 * 1000;

/** Participant ids go into the TURN username: opaque ids only, no `:` and no spaces. */
const PARTICIPANT_ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * The ICE servers for `participantId`, with TURN credentials valid until `expiresAtMs` (the end of
 * the appointment's join window), capped to {@linkcode MAX_TURN_CREDENTIAL_MS} from `now`.
 * TURN is left out when `TURN_URLS` is unset or when the expiry is not in the future.
 */
export async function iceServersFor(
  config: Pick<Config, "stunUrls" | "turnUrls" | "turnSecret">,
  participantId: string,
  expiresAtMs: number,
  now: number = Date.now(),
): Promise<IceServer[]> {
  const servers: IceServer[] = [];
  if (config.stunUrls.length > 0) servers.push({ urls: [...config.stunUrls] });
  if (config.turnUrls.length === 0 || config.turnSecret === undefined) return servers;
  if (!PARTICIPANT_ID.test(participantId)) {
    throw new TypeError("participantId must be an opaque id (letters, digits, . _ ~ -)");
  }
  const expiry = turnExpirySeconds(expiresAtMs, now);
  if (expiry * 1000 <= now) return servers;
  const username = `${expiry}:${participantId}`;
  const credential = await turnPassword(config.turnSecret, username);
  servers.push({ urls: [...config.turnUrls], username, credential });
  return servers;
}

/** Unix seconds at which a credential asked for until `expiresAtMs` expires (capped at 24 h). */
export function turnExpirySeconds(expiresAtMs: number, now: number): number {
  if (!Number.isFinite(expiresAtMs) || !Number.isFinite(now)) {
    throw new TypeError("expiresAtMs and now must be finite epoch milliseconds");
  }
  return Math.floor(Math.min(expiresAtMs, now + MAX_TURN_CREDENTIAL_MS) / 1000);
}

/** The TURN REST API password of `username`: base64(HMAC-SHA1(secret, username)). */
export async function turnPassword(secret: string, username: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(username)));
  return btoa(String.fromCharCode(...mac));
}
