/**
 * Browser call set-up: from the professional's "Join call" click to the first remote video frame
 * on both sides, over N real calls through Frontdesk (system Chromium, fake devices, one context
 * per side; timed_calls.ts), and the floor measured in the same browser: two RTCPeerConnections
 * in one page (call_timing.ts).
 */
import { startApp } from "../tests/helpers/app_process.ts";
import { launchBrowser } from "../tests/helpers/browser.ts";
import { newCallContext, proFromPrintedLink } from "../tests/helpers/call_flow.ts";
import {
  floorCall,
  meshFloorCall,
  RECORD_FIRST_REMOTE_FRAME,
  RECORD_JOIN_CLICK,
  recordRemoteFrames,
} from "./call_timing.ts";
import { QuietGate, type QuietGateOptions } from "./load_meter.ts";
import { SETUP_STEPS, type SetupStep } from "../call/marks.ts";
import { constraintsFor } from "../call/devices.ts";
import { startingEncoding, videoEncodingFor } from "../call/sender_bitrate.ts";
import { median, type Spread, spreadOf } from "./spread.ts";
import { fourPersonCall, type SampleLoad, timedCall, underLoad } from "./timed_calls.ts";

/** The camera and microphone constraints the app asks for, so the floor moves the same media. */
const APP_CONSTRAINTS: MediaStreamConstraints = {
  video: constraintsFor("videoinput"),
  audio: constraintsFor("audioinput"),
};

/** Medians (ms), their spread, and every sample with the load it ran under. */
export interface CallSetupResult {
  calls: number;
  appMs: { both: number; pro: number; client: number };
  /** Median time from the click to each set-up step on the professional's page. */
  proStepsMs: Partial<Record<SetupStep, number>>;
  /** The floor, the professional's camera opened as a new source (as in the app). */
  floorMs: { both: number; pro: number; client: number };
  /** The floor as first measured: the professional's camera reuses the page's running one. */
  floorReusedCameraMs: { both: number; pro: number; client: number };
  /** median(app) / median(floor): the judged ratio. */
  ratio: number;
  /** Against the floor with the reused camera, for comparison. */
  ratioReusedCamera: number;
  /** Spread of the app's and the floor's samples (both sides), and of app/floor pair by pair. */
  spread: { app: Spread; floor: Spread; pairRatio: Spread };
  /**
   * Cores the bench's own processes (Chromium's, the server) kept busy on average while a call
   * set up: the app from the click to both first frames (read up to 100 ms late), the floor over
   * its whole in-page call. Null where /proc could not be read.
   */
  setupCores: { app: Spread | null; floor: Spread | null; of: number };
  samples: {
    app: number[];
    floor: number[];
    floorReusedCamera: number[];
    /** Whether sample i ran the app call before its floor calls (the order alternates). */
    appFirst: boolean[];
    appLoad: SampleLoad[];
    floorLoad: SampleLoad[];
    /** Samples set aside because they ran under foreign load (repeated once it was quiet). */
    setAside: { app: number; floor: number; otherCores: number }[];
  };
  /** What the quiet gate did (`QuietGate` in load_meter.ts). */
  quiet: {
    threshold: number;
    waitedMs: number;
    repeated: number;
    countedNoisy: number;
  };
  /**
   * The four-person call (see {@linkcode timedFourPersonCall}) and its floor: 6 pairs of peer
   * connections in one page (each virtual page holds 3), start → first frame from all three
   * peers on every virtual page.
   */
  fourPerson: {
    floorMs: number;
    floorSpread: Spread;
    floorSamples: number[];
    appMs: number;
    appSpread: Spread;
    appSamples: number[];
    /** app_i / floor_i, sample by sample. */
    pairRatio: Spread;
    ratio: number;
  };
}

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

/** The spread of per-sample core counts, or null when any could not be read. */
function coresSpread(xs: (number | null)[]): Spread | null {
  return xs.every((x) => x !== null) ? spreadOf(xs as number[], 2) : null;
}

/**
 * Runs `calls` app calls and `calls` floor calls (with a fresh camera and with the page's running
 * one), interleaved one by one so both see the same machine, the order alternating from sample to
 * sample (app first, then floor first) so neither always runs right after the other. One untimed
 * call of each first: the first call of a browser starts the fake devices and WebRTC, and the
 * server compiles its pages. Every sample keeps the load it ran under. The four-person floor runs
 * in the same loop, every other sample.
 */
export async function runCallSetup(
  calls: number,
  progress: (l: string) => void,
  quiet: QuietGateOptions = { budgetMs: 5 * 60_000 },
): Promise<CallSetupResult> {
  const app = await startApp({ env: { DEMO: "1" } });
  const browser = await launchBrowser();
  try {
    const proCtx = await newCallContext(browser);
    await proCtx.addInitScript(RECORD_JOIN_CLICK);
    await proCtx.addInitScript(RECORD_FIRST_REMOTE_FRAME);
    const pro = await proCtx.newPage();
    await proFromPrintedLink(pro, app);
    // The four-person call's professional records three remote frames, in a context of its own.
    const proFourCtx = await newCallContext(browser);
    await proFourCtx.addInitScript(RECORD_JOIN_CLICK);
    await proFourCtx.addInitScript(recordRemoteFrames(3));
    const proFour = await proFourCtx.newPage();
    await proFromPrintedLink(proFour, app);
    const fourApp = fourPersonCall();
    const floorPage = await (await browser.newContext()).newPage();
    await floorPage.goto(`${app.url}/healthz`);
    const app_: Awaited<ReturnType<typeof timedCall>>[] = [];
    const floor: { both: number; pro: number; client: number }[] = [];
    const floorReused: typeof floor = [];
    const appLoad: SampleLoad[] = [];
    const floorLoad: SampleLoad[] = [];
    const appFirst: boolean[] = [];
    const mesh: number[] = [];
    const fourAppSamples: number[] = [];
    const fourPerPage: number[][] = [];
    const gate = new QuietGate(quiet);
    const setAsideSamples: {
      app: number;
      floor: number;
      otherCores: number;
    }[] = [];
    // The floors' camera senders start as the app's do (call/sender_bitrate.ts startingEncoding).
    const start = startingEncoding(videoEncodingFor(1));
    const fresh = { constraints: APP_CONSTRAINTS, freshCamera: true, encoding: start };
    const reused = { constraints: APP_CONSTRAINTS, freshCamera: false, encoding: start };
    // The four-person floor sends what the app's senders send to three peers (bitrate, size).
    const four = {
      constraints: APP_CONSTRAINTS,
      people: 4,
      encoding: startingEncoding(videoEncodingFor(3)),
    };
    // Warm-up, untimed: the fake devices, WebRTC, the app's pages and the four-person floor.
    await floorPage.evaluate(floorCall, fresh);
    await timedCall(browser, app, pro, "Warm Up");
    await floorPage.evaluate(meshFloorCall, four);
    await fourApp(browser, app, proFour, "Four Warm Up");
    const fourSamples = Math.max(1, Math.ceil(calls / 2));
    for (let i = 0; i < calls; i++) {
      const name = `${NAMES[i % NAMES.length]} Bench ${String.fromCharCode(65 + (i % 26))}`;
      const appIsFirst = i % 2 === 0;
      /** One sample: the app call and the floor calls, in this sample's order. */
      const pair = async () => {
        const runApp = () => underLoad(() => timedCall(browser, app, pro, name));
        const runFloor = async () => {
          const fresh_ = await underLoad(() => floorPage.evaluate(floorCall, fresh));
          return {
            fresh: fresh_,
            reused: await floorPage.evaluate(floorCall, reused),
          };
        };
        const a = appIsFirst ? await runApp() : undefined;
        const f = await runFloor();
        const [x, xLoad] = a ?? await runApp();
        return {
          x,
          xLoad,
          f,
          worst: Math.max(xLoad.otherCores ?? 0, f.fresh[1].otherCores ?? 0),
        };
      };
      const { value: p, setAside } = await gate.run(
        pair,
        (v) => ({ otherCores: v.worst }),
      );
      setAsideSamples.push(
        ...setAside.map((v) => ({
          app: Math.round(v.x.both),
          floor: Math.round(v.f.fresh[0].both),
          otherCores: v.worst,
        })),
      );
      app_.push(p.x);
      appLoad.push(p.xLoad);
      floor.push(p.f.fresh[0]);
      floorLoad.push(p.f.fresh[1]);
      floorReused.push(p.f.reused);
      appFirst.push(appIsFirst);
      if (i % 2 === 0 && mesh.length < fourSamples) {
        // The four-person call and its floor, the order alternating as for two people.
        const floorFirst = mesh.length % 2 === 1;
        const fourPair = async () => {
          const runFloor = () => underLoad(() => floorPage.evaluate(meshFloorCall, four));
          const f = floorFirst ? await runFloor() : undefined;
          const a = await underLoad(() => fourApp(browser, app, proFour, `Four ${name}`));
          const [m] = f ?? await runFloor();
          return {
            floor: m.all,
            app: a[0].all,
            perPage: a[0].perPage,
            load: f?.[1] ?? a[1],
          };
        };
        const m = await gate.run(fourPair, (v) => v.load);
        mesh.push(m.value.floor);
        fourAppSamples.push(m.value.app);
        fourPerPage.push(m.value.perPage);
      }
      const other = (l: SampleLoad) =>
        l.otherCores === null ? "" : `, others ${l.otherCores} cores`;
      const ours = (cores: number | null) => cores === null ? "" : `, set-up ${cores} cores`;
      progress(
        `call ${i + 1}/${calls}: app ${Math.round(app_[i].both)} ms (${
          Object.entries(app_[i].steps).map(([k, v]) => `${k} ${Math.round(v)}`)
            .join(", ")
        }${ours(app_[i].setupCores)}${other(appLoad[i])}), floor ${Math.round(floor[i].both)} ms${
          ours(floorLoad[i].oursCores)
        }${other(floorLoad[i])} ` +
          `(camera reused: ${Math.round(floorReused[i].both)} ms)` +
          (i % 2 === 0 && mesh.length > 0
            ? `; four-person call ${Math.round(fourAppSamples.at(-1)!)} ms (pages ${
              fourPerPage.at(-1)!.join(", ")
            }), floor ${Math.round(mesh.at(-1)!)} ms`
            : ""),
      );
    }
    const fourAppMs = median(fourAppSamples);
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
    const meshMs = median(mesh);
    return {
      calls,
      appMs,
      proStepsMs,
      floorMs,
      floorReusedCameraMs,
      ratio: Math.round((appMs.both / floorMs.both) * 100) / 100,
      ratioReusedCamera: Math.round((appMs.both / floorReusedCameraMs.both) * 100) / 100,
      spread: {
        app: spreadOf(app_.map((x) => x.both)),
        floor: spreadOf(floor.map((x) => x.both)),
        pairRatio: spreadOf(app_.map((x, i) => x.both / floor[i].both), 2),
      },
      setupCores: {
        app: coresSpread(app_.map((x) => x.setupCores)),
        floor: coresSpread(floorLoad.map((l) => l.oursCores)),
        of: navigator.hardwareConcurrency,
      },
      samples: {
        app: app_.map((x) => Math.round(x.both)),
        floor: floor.map((x) => Math.round(x.both)),
        floorReusedCamera: floorReused.map((x) => Math.round(x.both)),
        appFirst,
        appLoad,
        floorLoad,
        setAside: setAsideSamples,
      },
      quiet: gate.summary(),
      fourPerson: {
        floorMs: meshMs,
        floorSpread: spreadOf(mesh),
        floorSamples: mesh.map(Math.round),
        appMs: fourAppMs,
        appSpread: spreadOf(fourAppSamples),
        appSamples: fourAppSamples.map(Math.round),
        pairRatio: spreadOf(fourAppSamples.map((x, i) => x / mesh[i]), 2),
        ratio: Math.round((fourAppMs / meshMs) * 100) / 100,
      },
    };
  } finally {
    await browser.close();
    await app.stop();
  }
}
