/**
 * Browser call set-up: from the professional's "Join call" click to the first remote video frame
 * on both sides, over N real calls through Frontdesk (system Chromium, fake devices, one context
 * per side), and the floor measured in the same browser: two RTCPeerConnections in one page.
 */
import type { Browser, Page } from "playwright-core";
import { type AppProcess, startApp } from "../tests/helpers/app_process.ts";
import { launchBrowser } from "../tests/helpers/browser.ts";
import {
  createAppointmentNow,
  newCallContext,
  openLink,
  proFromPrintedLink,
} from "../tests/helpers/call_flow.ts";
import { floorCall, RECORD_FIRST_REMOTE_FRAME, RECORD_JOIN_CLICK } from "./call_timing.ts";
import { SETUP_STEPS, type SetupStep } from "../call/marks.ts";
import { constraintsFor } from "../call/devices.ts";

/** The camera and microphone constraints the app asks for, so the floor moves the same media. */
const APP_CONSTRAINTS: MediaStreamConstraints = {
  video: constraintsFor("videoinput"),
  audio: constraintsFor("audioinput"),
};

/** Medians (ms) and every sample. */
export interface CallSetupResult {
  calls: number;
  appMs: { both: number; pro: number; client: number };
  /** Median time from the click to each set-up step on the professional's page. */
  proStepsMs: Partial<Record<SetupStep, number>>;
  /** The floor, the professional's camera opened as a new source (as in the app). */
  floorMs: { both: number; pro: number; client: number };
  /** The floor as first measured: the professional's camera reuses the page's running one. */
  floorReusedCameraMs: { both: number; pro: number; client: number };
  ratio: number;
  /** Against the floor with the reused camera, for comparison. */
  ratioReusedCamera: number;
  samples: { app: number[]; floor: number[]; floorReusedCamera: number[] };
}

/**
 * How long the professional looks at the "is waiting" banner before clicking "Join call". A
 * person takes longer; the dashboard fetches the call's settings in that time.
 */
const REACTION_MS = 500;

const NAMES = [
  "Ada",
  "Grace",
  "Alan",
  "Edsger",
  "Barbara",
  "Donald",
  "Frances",
  "Niklaus",
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return Math.round((s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2) * 10) /
    10;
}

/**
 * Resolves with the page's first-remote-frame time (recorded in the page by
 * RECORD_FIRST_REMOTE_FRAME). Started before the click, so Playwright's own script injection
 * into the page happens before the clock starts; it polls slowly since the time is in the page.
 */
const readFrame = (page: Page) =>
  page.waitForFunction(
    () =>
      (window as unknown as { __firstRemoteFrameAt?: number })
        .__firstRemoteFrameAt,
    undefined,
    { timeout: 30_000, polling: 100 },
  ).then((h) => h.jsonValue() as Promise<number>);

/** One timed call: the client waits, the professional joins, both see video, the client hangs up. */
async function timedCall(
  browser: Browser,
  app: AppProcess,
  pro: Page,
  name: string,
) {
  const link = await createAppointmentNow(pro, name);
  await pro.goto(`${app.url}/dashboard`);
  const clientCtx = await newCallContext(browser);
  await clientCtx.addInitScript(RECORD_FIRST_REMOTE_FRAME);
  try {
    const client = await clientCtx.newPage();
    await openLink(client, app, link);
    await client.getByTestId("join").click();
    await client.getByTestId("waiting-room").waitFor();
    const banner = pro.getByTestId("waiting-banner");
    await banner.waitFor();
    const frames = Promise.all([readFrame(pro), readFrame(client)]);
    await new Promise((r) => setTimeout(r, REACTION_MS));
    await banner.getByRole("link", { name: /Join call/ }).click();
    await pro.waitForURL(/\/call$/);
    const [proFrame, clientFrame] = await frames;
    const clickedAt = Number(
      await pro.evaluate(() => sessionStorage.getItem("__joinClickAt")),
    );
    const steps = await pro.evaluate((names) => {
      const at: Record<string, number> = {};
      for (const name of names) {
        const m = performance.getEntriesByName(`frontdesk:${name}`, "mark")[0];
        if (m) at[name] = performance.timeOrigin + m.startTime;
      }
      return at;
    }, [...SETUP_STEPS]);
    await pro.getByTestId("end-for-everyone").click();
    await pro.getByTestId("end-confirm-button").click();
    await client.getByTestId("end-screen").waitFor();
    return {
      both: Math.max(proFrame, clientFrame) - clickedAt,
      pro: proFrame - clickedAt,
      client: clientFrame - clickedAt,
      steps: Object.fromEntries(
        Object.entries(steps).map(([k, v]) => [k, v - clickedAt]),
      ) as Partial<Record<SetupStep, number>>,
    };
  } finally {
    await clientCtx.close();
  }
}

/** Runs `calls` app calls and `calls` floor calls, interleaved so both see the same machine. */
export async function runCallSetup(
  calls: number,
  progress: (l: string) => void,
) {
  const app = await startApp({ env: { DEMO: "1" } });
  const browser = await launchBrowser();
  try {
    const proCtx = await newCallContext(browser);
    await proCtx.addInitScript(RECORD_JOIN_CLICK);
    await proCtx.addInitScript(RECORD_FIRST_REMOTE_FRAME);
    const pro = await proCtx.newPage();
    await proFromPrintedLink(pro, app);
    const floorPage = await (await browser.newContext()).newPage();
    await floorPage.goto(`${app.url}/healthz`);
    const app_: Awaited<ReturnType<typeof timedCall>>[] = [];
    const floor: { both: number; pro: number; client: number }[] = [];
    const floorReused: typeof floor = [];
    const fresh = { constraints: APP_CONSTRAINTS, freshCamera: true };
    const reused = { constraints: APP_CONSTRAINTS, freshCamera: false };
    await floorPage.evaluate(floorCall, fresh); // warm-up: first getUserMedia opens the fake devices
    for (let i = 0; i < calls; i++) {
      const name = `${NAMES[i % NAMES.length]} Bench ${String.fromCharCode(65 + (i % 26))}`;
      app_.push(await timedCall(browser, app, pro, name));
      floor.push(await floorPage.evaluate(floorCall, fresh));
      floorReused.push(await floorPage.evaluate(floorCall, reused));
      progress(
        `call ${i + 1}/${calls}: app ${Math.round(app_[i].both)} ms (${
          Object.entries(app_[i].steps).map(([k, v]) => `${k} ${Math.round(v)}`)
            .join(", ")
        }), floor ${Math.round(floor[i].both)} ms (camera reused: ${
          Math.round(floorReused[i].both)
        } ms)`,
      );
    }
    const med = (xs: typeof floor) => ({
      both: median(xs.map((x) => x.both)),
      pro: median(xs.map((x) => x.pro)),
      client: median(xs.map((x) => x.client)),
    });
    const appMs = med(app_);
    const proStepsMs: Partial<Record<SetupStep, number>> = {};
    for (const step of SETUP_STEPS) {
      const xs = app_.map((x) => x.steps[step]).filter((x) => x !== undefined);
      if (xs.length === app_.length) proStepsMs[step] = median(xs);
    }
    const floorMs = med(floor);
    const floorReusedCameraMs = med(floorReused);
    return {
      calls,
      appMs,
      proStepsMs,
      floorMs,
      floorReusedCameraMs,
      ratio: Math.round((appMs.both / floorMs.both) * 100) / 100,
      ratioReusedCamera: Math.round((appMs.both / floorReusedCameraMs.both) * 100) / 100,
      samples: {
        app: app_.map((x) => Math.round(x.both)),
        floor: floor.map((x) => Math.round(x.both)),
        floorReusedCamera: floorReused.map((x) => Math.round(x.both)),
      },
    } satisfies CallSetupResult;
  } finally {
    await browser.close();
    await app.stop();
  }
}
