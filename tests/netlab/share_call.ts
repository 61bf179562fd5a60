/**
 * A professional–client call through the links `deno task share` printed: each person's
 * Chromium in its own lab network opens its link as given (the public address), the client
 * waits, the professional joins from the dashboard; frames must show and inbound bytes grow on
 * both sides. Returns the time to the first remote frame and the selected candidate pairs.
 */
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { launchBrowserIn } from "./browser.ts";
import { type SelectedPair, selectedPair } from "./ice_stats.ts";
import type { ClientNet } from "./lab.ts";
import { newCallContext, waitForBytesToGrow } from "../helpers/call_flow.ts";

/** What the call through the shared links showed. */
export interface SharedCall {
  proFirstFrameMs: number;
  clientFirstFrameMs: number;
  pairs: (SelectedPair | null)[];
}

/** ms until the page's remote video shows a frame, counted from `since`. */
async function firstFrame(page: Page, since: number): Promise<number> {
  await page.waitForFunction(
    () => {
      const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
      return v !== null && v.videoWidth > 0;
    },
    undefined,
    { timeout: 30_000, polling: 100 },
  );
  return Date.now() - since;
}

/** Runs the call; the browsers are closed whatever happens. */
export async function callThroughSharedLinks(
  nets: { pro: ClientNet; client: ClientNet },
  links: { origin: string; dashboard: string; client: string },
  browserArgs: string[] = [],
): Promise<SharedCall> {
  const browsers: Browser[] = [];
  try {
    browsers.push(await launchBrowserIn(nets.pro.ns, links.origin, browserArgs));
    browsers.push(await launchBrowserIn(nets.client.ns, links.origin, browserArgs));
    const pro = await (await newCallContext(browsers[0])).newPage();
    const client = await (await newCallContext(browsers[1])).newPage();
    await pro.goto(links.dashboard);
    await pro.waitForURL(`${links.origin}/dashboard`);
    await client.goto(links.client);
    await client.getByTestId("join").click();
    await client.getByTestId("waiting-room").waitFor();
    const callPath = await pro.getByRole("link", { name: /Join call/ }).first().getAttribute(
      "href",
    );
    assert.ok(callPath, "a Join call link on the dashboard");
    const since = Date.now();
    await pro.goto(new URL(callPath, links.origin).href);
    const [proFirstFrameMs, clientFirstFrameMs] = await Promise.all([
      firstFrame(pro, since),
      firstFrame(client, since),
    ]);
    for (const page of [pro, client]) await waitForBytesToGrow(page, 0);
    return {
      proFirstFrameMs,
      clientFirstFrameMs,
      pairs: [await selectedPair(pro), await selectedPair(client)],
    };
  } finally {
    await Promise.allSettled(browsers.map((b) => b.close()));
  }
}
