/**
 * User Timing marks of a call's set-up, named `frontdesk:<step>`. They cost nothing when unread;
 * `deno task bench` reads them to show where set-up time goes (see bench/run_browser.ts).
 */

/** The steps, in the order they usually happen. */
export const SETUP_STEPS = [
  "media", // camera and microphone granted
  "socket-open", // signaling socket open
  "welcome", // the server admitted us
  "offer", // an offer arrived
  "answer", // our answer went out
  "connected", // the peer connection is connected
] as const;

/** One set-up step. */
export type SetupStep = typeof SETUP_STEPS[number];

/** Marks `step` once per page (later repeats, e.g. after a reconnect, are ignored). */
export function markStep(step: SetupStep): void {
  const name = `frontdesk:${step}`;
  if (typeof performance === "undefined" || !performance.mark) return;
  if (performance.getEntriesByName(name, "mark").length > 0) return;
  performance.mark(name);
}
