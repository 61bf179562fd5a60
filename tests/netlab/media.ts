/** Media facts over time for the lab's recovery scenarios. */
import type { Page } from "playwright-core";
import { inboundBytes } from "../helpers/call_flow.ts";

/**
 * ms from `since` until the page's inbound video bytes, having stalled, grow again for 1 s
 * straight (frames flow again); Infinity when that does not happen within `timeoutMs`.
 */
export async function framesAgain(page: Page, since: number, timeoutMs: number): Promise<number> {
  let last = await inboundBytes(page);
  let stalled = false;
  let growingSince = 0;
  while (Date.now() - since < timeoutMs) {
    await page.waitForTimeout(250);
    const now = await inboundBytes(page);
    if (now === last) {
      stalled = true;
      growingSince = 0;
    } else if (stalled) {
      growingSince ||= Date.now();
      if (Date.now() - growingSince >= 1000) return growingSince - since;
    }
    last = now;
  }
  return Infinity;
}
