/**
 * The network settings of a professional's call, fetched from the call page's URL as JSON so the
 * dashboard can open the call in place. A waiting client's settings are fetched ahead, while the
 * professional reads the banner; each is used for one call and then dropped (its TURN
 * credentials are fresh for the next one).
 */
import type { CallNetwork } from "./ui/CallView.tsx";

/** The JSON the call page's URL answers to `Accept: application/json`. */
export interface ProCallConfig {
  clientName: string;
  network: CallNetwork;
}

/** The professional's call page of an appointment. */
export function proCallPath(appointmentId: string): string {
  return `/dashboard/appointments/${encodeURIComponent(appointmentId)}/call`;
}

/** The appointment id of a call page path, if `path` is one. */
export function appointmentOfCallPath(path: string): string | undefined {
  const m = path.match(/^\/dashboard\/appointments\/([^/]+)\/call$/);
  return m ? decodeURIComponent(m[1]) : undefined;
}

const pending = new Map<string, Promise<ProCallConfig>>();
/** The fetched ones, to draw a call ahead with (call/ui/InPageCall.tsx). */
const ready = new Map<string, ProCallConfig>();

/** The call settings of `appointmentId`, fetched once; a failed fetch is forgotten. */
export function fetchProCallConfig(
  appointmentId: string,
  fetchFn: typeof fetch = fetch,
): Promise<ProCallConfig> {
  let config = pending.get(appointmentId);
  if (!config) {
    config = fetchFn(proCallPath(appointmentId), {
      headers: { accept: "application/json" },
      credentials: "same-origin",
    }).then(async (res) => {
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`call settings: HTTP ${res.status}`);
      }
      return await res.json() as ProCallConfig;
    });
    const asked = config;
    asked.then(
      (got) => pending.get(appointmentId) === asked && ready.set(appointmentId, got),
      () => pending.get(appointmentId) === asked && pending.delete(appointmentId),
    );
    pending.set(appointmentId, config);
  }
  return config;
}

/** The call settings of `appointmentId` if fetched already (and not forgotten since). */
export function readyProCallConfig(appointmentId: string): ProCallConfig | undefined {
  return ready.get(appointmentId);
}

/** Drops a fetched config (used, or no longer needed). */
export function forgetProCallConfig(appointmentId: string): void {
  pending.delete(appointmentId);
  ready.delete(appointmentId);
}
