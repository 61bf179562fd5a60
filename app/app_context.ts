/**
 * The process-wide services (config, store, signing secret, signaling hub)
 * that routes reach through {@linkcode appContext}. `main.ts` sets them once
 * before serving, the way Fresh apps share a database handle from `utils/`.
 */
import type { Config } from "./config.ts";
import type { Store } from "../domain/store.ts";
import type { SignalingHub } from "../signaling/hub_api.ts";

/** Everything a request handler may need besides the request. */
export interface AppContext {
  config: Config;
  store: Store;
  /** HS256 key for links and session cookies. Never logged. */
  secret: Uint8Array;
  /** The in-memory hub, or with `REDIS_URL` the cluster layer in front of it. */
  hub: SignalingHub;
  /** Base URL for links shown to people (PUBLIC_URL or the listen address). */
  baseUrl: string;
  /** True when serving HTTPS (cookies get `Secure`, responses get HSTS). */
  secure: boolean;
}

let current: AppContext | undefined;

/** Installs the services; called once by the server start-up. */
export function setAppContext(ctx: AppContext): void {
  current = ctx;
}

/** The services of this process; throws if the server was not started. */
export function appContext(): AppContext {
  if (!current) throw new Error("Frontdesk services are not initialised: start via main.ts");
  return current;
}
