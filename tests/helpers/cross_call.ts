/**
 * Cross-browser calls for the Firefox tests: the browsers are launched once per test and on
 * first use, each person gets their own context, and a call is set up through the real pages
 * (the appointment itself is made without a browser, by the demo professional).
 */
import type { Browser as ChromiumBrowser } from "playwright-core";
import type { Browser as FirefoxBrowser } from "puppeteer-core";
import type { AppProcess } from "./app_process.ts";
import { createAppointmentAt } from "./app_session.ts";
import { launchBrowser } from "./browser.ts";
import { newCallContext } from "./call_flow.ts";
import { demoPro } from "./client_page.ts";
import { launchFirefox, newFirefoxCallPage } from "./firefox.ts";
import { type PulseServer, startPulse } from "./pulse.ts";
import { chromiumPerson, type Engine, firefoxPerson, type Person } from "./person.ts";
import { type PeerStats, waitForFrames } from "./rtc_stats.ts";

/** The browsers of one test, launched on first use; {@linkcode Browsers.close} closes them. */
export class Browsers {
  #chromium?: Promise<ChromiumBrowser>;
  #firefox?: Promise<FirefoxBrowser>;
  /** Speakers for Firefox to list (it fakes none itself). */
  #pulse?: Promise<PulseServer | null>;

  /** A new person (own cookies) in `engine`; `label` names them in messages. */
  async person(engine: Engine, label: string): Promise<Person> {
    if (engine === "chromium") {
      this.#chromium ??= launchBrowser();
      const page = await (await newCallContext(await this.#chromium)).newPage();
      return chromiumPerson(page, label);
    }
    this.#firefox ??= (async () => {
      this.#pulse = startPulse();
      return await launchFirefox({ pulseServer: (await this.#pulse)?.address });
    })();
    return firefoxPerson(await newFirefoxCallPage(await this.#firefox), label);
  }

  async close(): Promise<void> {
    const all = [this.#chromium, this.#firefox].filter((b) => b !== undefined);
    await Promise.allSettled(all.map(async (b) => await (await b).close()));
    await (await this.#pulse?.catch(() => null))?.stop();
  }
}

/** "Firefox" or "Chromium". */
export const engineName = (e: Engine) => e === "firefox" ? "Firefox" : "Chromium";

/** A connected two-person call and what it took to get there. */
export interface CrossCall {
  pro: Person;
  client: Person;
  appointmentId: string;
  /** From the professional opening the call page until frames decode on both sides. */
  msToFrames: number;
  proStats: PeerStats[];
  clientStats: PeerStats[];
}

/** Signs `pro` in with the first start's printed dashboard link (the app runs with DEMO=1). */
export async function signInDemoPro(pro: Person, app: AppProcess): Promise<void> {
  const printed = await app.waitForOutput(/Dashboard link: \S+/);
  const link = new URL(printed.replace("Dashboard link: ", ""));
  await pro.goto(`${app.url}${link.pathname}${link.search}`);
  await pro.waitFor("main.planner");
}

/** Opens `link` (a printed client or guest link) on the app's origin and joins the waiting room. */
export async function joinFromLink(person: Person, app: AppProcess, link: string): Promise<void> {
  const u = new URL(link);
  await person.goto(`${app.url}${u.pathname}${u.search}`);
  await person.click("join");
  await person.waitFor('[data-testid="waiting-room"]');
}

/**
 * A professional in `proEngine` and a client in `clientEngine`: the client joins and waits, the
 * professional opens the call; resolves once both decode growing video frames (getStats()).
 */
export async function crossCall(
  browsers: Browsers,
  app: AppProcess,
  proEngine: Engine,
  clientEngine: Engine,
): Promise<CrossCall> {
  const appointment = await createAppointmentAt(
    await demoPro(app),
    `${engineName(clientEngine)} Client`,
    Date.now(),
  );
  const [pro, client] = await Promise.all([
    browsers.person(proEngine, `${engineName(proEngine)} professional`),
    browsers.person(clientEngine, `${engineName(clientEngine)} client`),
  ]);
  await signInDemoPro(pro, app);
  await joinFromLink(client, app, appointment.link);
  const t0 = Date.now();
  await pro.goto(`${app.url}/dashboard/appointments/${appointment.id}/call`);
  const [proStats, clientStats] = await Promise.all([
    waitForFrames(pro, 1),
    waitForFrames(client, 1),
  ]);
  return {
    pro,
    client,
    appointmentId: appointment.id,
    msToFrames: Date.now() - t0,
    proStats,
    clientStats,
  };
}
