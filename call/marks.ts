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

/** The steps marked so far (a lookup in the page's timeline took milliseconds in a call). */
const marked = new Set<SetupStep>();

/** Marks `step` once per page (later repeats, e.g. after a reconnect, are ignored). */
export function markStep(step: SetupStep): void {
  if (typeof performance === "undefined" || !performance.mark || marked.has(step)) return;
  marked.add(step);
  performance.mark(`frontdesk:${step}`);
}
