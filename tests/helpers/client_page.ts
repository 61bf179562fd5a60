/**
 * A client's appointment page in a browser, with the appointment made by the demo professional
 * driven without a browser (faster than the dashboard form, and to the second).
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { AppProcess } from "./app_process.ts";
import { Client } from "./browserless_client.ts";
import { createAppointmentAt } from "./app_session.ts";
import { newCallContext, openLink } from "./call_flow.ts";

/** The demo professional (the app must run with `DEMO=1`), signed in without a browser. */
export async function demoPro(app: AppProcess): Promise<Client> {
  const printed = await app.waitForOutput(/Dashboard link: \S+/);
  const link = new URL(printed.replace("Dashboard link: ", ""));
  const pro = new Client(app.url);
  await (await pro.fetch(link.pathname + link.search)).body?.cancel();
  return pro;
}

/** Opens the link of a new appointment starting at `startsAt` in a new recording context. */
export async function openClientPage(
  browser: Browser,
  app: AppProcess,
  opts: { name: string; startsAt?: number; context?: Parameters<Browser["newContext"]>[0] },
): Promise<{ page: Page; ctx: BrowserContext; id: string }> {
  const pro = await demoPro(app);
  const { id, link } = await createAppointmentAt(pro, opts.name, opts.startsAt ?? Date.now());
  const ctx = await newCallContext(browser, opts.context);
  const page = await ctx.newPage();
  await openLink(page, app, link);
  return { page, ctx, id };
}
