/**
 * Brings a professional and a client into a connected call in two browser
 * contexts, through the real pages, for the resilience tests.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type AppProcess, startApp } from "./app_process.ts";
import { launchBrowser } from "./browser.ts";
import {
  clientWaiting,
  createAppointmentNow,
  newCallContext,
  openLink,
  proFromPrintedLink,
  waitForRemoteVideo,
} from "./call_flow.ts";

/** A call in progress. */
export interface LiveCall {
  pro: Page;
  client: Page;
  clientCtx: BrowserContext;
  callUrl: string;
}

/** Signs in, creates an appointment, joins both sides; resolves once video flows both ways. */
export async function startCall(browser: Browser, app: AppProcess): Promise<LiveCall> {
  const pro = await (await newCallContext(browser)).newPage();
  await proFromPrintedLink(pro, app);
  const link = await createAppointmentNow(pro, "Resilient Client");
  const callUrl = pro.url() + "/call";
  const clientCtx = await newCallContext(browser);
  const client = await clientCtx.newPage();
  await openLink(client, app, link);
  await client.getByTestId("join").click();
  await client.getByTestId("waiting-room").waitFor();
  await pro.goto(callUrl);
  await waitForRemoteVideo(pro);
  await waitForRemoteVideo(client);
  return { pro, client, clientCtx, callUrl };
}

/** Runs `fn` on a connected call (fresh app with the demo professional, fresh browser). */
export async function withCall(fn: (call: LiveCall, app: AppProcess) => Promise<void>) {
  const app = await startApp({ env: { DEMO: "1" } });
  const browser = await launchBrowser();
  try {
    await fn(await startCall(browser, app), app);
  } finally {
    await browser.close();
    await app.stop();
  }
}

/** What {@linkcode withClientWaiting} gives its body: clientWaiting's pages, the app, the browser. */
export type WaitingClient = Awaited<ReturnType<typeof clientWaiting>> & {
  app: AppProcess;
  browser: Browser;
};

/**
 * Runs `fn` with a client waiting on the professional's dashboard (`clientWaiting`), on a fresh
 * app with the demo professional and a fresh browser, both closed afterwards.
 */
export async function withClientWaiting(
  opts: Parameters<typeof clientWaiting>[2],
  fn: (waiting: WaitingClient) => Promise<void>,
) {
  const app = await startApp({ env: { DEMO: "1" } });
  const browser = await launchBrowser();
  try {
    await fn({ ...await clientWaiting(browser, app, opts), app, browser });
  } finally {
    await browser.close();
    await app.stop();
  }
}
