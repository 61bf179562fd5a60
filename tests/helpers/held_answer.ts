/**
 * Holds a page's answer until the test lets it go, to put something (a server restart) between
 * an offer's arrival and its answer. The page answers with `setLocalDescription()` while it has a
 * remote offer (call/peer_session.ts); the init script makes that call wait for a promise the
 * test resolves, and says when an answer is being held. Nothing else about the page changes: the
 * offer is applied, its candidates wait in the page's own queue behind the answer, as they would
 * on a slow machine.
 */
import type { Page } from "playwright-core";

/** Init script: `setLocalDescription` in state `have-remote-offer` waits for `__releaseAnswer()`. */
export const HOLD_ANSWER = `
  (() => {
    let release;
    const released = new Promise((resolve) => { release = resolve; });
    window.__answerHeld = false;
    window.__releaseAnswer = () => release();
    const proto = RTCPeerConnection.prototype;
    const original = proto.setLocalDescription;
    proto.setLocalDescription = async function (...args) {
      if (this.signalingState === "have-remote-offer") {
        window.__answerHeld = true;
        await released;
      }
      return await original.apply(this, args);
    };
  })();
`;

type HoldingWindow = { __answerHeld: boolean; __releaseAnswer(): void };

/** Whether `page` has an offer applied and its answer held. */
export function answerHeld(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as HoldingWindow).__answerHeld);
}

/** Lets `page`'s held answer (and every later one) go. */
export function releaseAnswer(page: Page): Promise<void> {
  return page.evaluate(() => (window as unknown as HoldingWindow).__releaseAnswer());
}
