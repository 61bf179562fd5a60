/**
 * Call set-up behind symmetric NAT through TURN, in the network lab (tests/netlab): both browsers
 * behind their own `fully-random` masquerade (srflx addresses useless, only the relay connects),
 * Frontdesk and coturn on the public segment, the app's ICE servers (STUN and TURN over UDP, as
 * deployed). N real calls (the professional's Join → first remote frame on both pages, as on
 * loopback: `timedCall`) against N floor calls between the same two browsers with the same ICE
 * servers, the bench driver relaying offer, answer and candidates (lab_floor.ts); interleaved,
 * the order alternating, behind the same quiet gate as the loopback calls. Needs root (network
 * namespaces); otherwise skipped with the reason.
 */
import type { Page } from "playwright-core";
import { labUnavailableReason } from "../tests/netlab/available.ts";
import { withLab } from "../tests/netlab/call.ts";
import { newCallContext, proFromPrintedLink } from "../tests/helpers/call_flow.ts";
import { createAppointmentNow } from "../tests/helpers/call_flow.ts";
import { appointmentOfCallPath, type ProCallConfig, proCallPath } from "../call/pro_call_config.ts";
import { callRtcConfig } from "../call/rtc_config.ts";
import { constraintsFor } from "../call/devices.ts";
import type { SetupStep } from "../call/marks.ts";
import { RECORD_FIRST_REMOTE_FRAME, RECORD_JOIN_CLICK } from "./call_timing.ts";
import { type Spread, spreadOf } from "./spread.ts";
import { type SampleLoad, timedCall, underLoad } from "./timed_calls.ts";
import { LabFloor } from "./lab_floor.ts";
import { QuietGate, type QuietGateOptions } from "./load_meter.ts";

const CONSTRAINTS: MediaStreamConstraints = {
  video: constraintsFor("videoinput"),
  audio: constraintsFor("audioinput"),
};

/** The lab's figures, or why there are none. */
export type LabCallSetup = LabCallSetupResult | { skipped: string };

/** Medians (ms), spreads and samples of the lab's app and floor calls. */
export interface LabCallSetupResult {
  calls: number;
  network: string;
  appMs: { both: number; pro: number; client: number };
  floorMs: { both: number; pro: number; client: number };
  /** median(app) / median(floor): the judged ratio (goal ≤ 1.5). */
  ratio: number;
  spread: { app: Spread; floor: Spread; pairRatio: Spread };
  /** Median time from the click to each set-up step on the professional's page. */
  proStepsMs: Partial<Record<SetupStep, number>>;
  /** Selected candidate pairs seen on the professional's side ("local/remote": count). */
  pairs: { app: Record<string, number>; floor: Record<string, number> };
  samples: {
    app: number[];
    floor: number[];
    appFirst: boolean[];
    appLoad: SampleLoad[];
    floorLoad: SampleLoad[];
    setAside: { app: number; floor: number; otherCores: number }[];
  };
  quiet: {
    threshold: number;
    waitedMs: number;
    repeated: number;
    countedNoisy: number;
  };
}

/**
 * Init script: the selected pair of each peer connection the page makes, once connected, as
 * "local/remote" candidate types; the latest in `sessionStorage.__selectedPair`, which outlives
 * the page (the timed call leaves the dashboard before the pair is read).
 */
const RECORD_SELECTED_PAIRS = `
  (() => {
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(...args) {
        super(...args);
        this.addEventListener("connectionstatechange", async () => {
          if (this.connectionState !== "connected") return;
          const stats = await this.getStats();
          stats.forEach((r) => {
            if (r.type !== "transport" || !r.selectedCandidatePairId) return;
            const p = stats.get(r.selectedCandidatePairId);
            const type = (id) => stats.get(id)?.candidateType ?? "?";
            if (!p) return;
            sessionStorage.setItem("__selectedPair", type(p.localCandidateId) + "/" + type(p.remoteCandidateId));
          });
        });
      }
    };
  })();
`;

/** The latest selected pair the professional's page recorded. */
const lastPair = (pro: Page) => pro.evaluate(() => sessionStorage.getItem("__selectedPair") ?? "?");

/**
 * The RTCConfiguration the app gives the professional's call of `appointmentId`: its ICE servers
 * (fresh TURN credentials) and the app's own settings (call/rtc_config.ts).
 */
async function appIceConfig(
  pro: Page,
  appointmentId: string,
): Promise<RTCConfiguration> {
  const network = await pro.evaluate(async (path) => {
    const res = await fetch(path, { headers: { accept: "application/json" } });
    return (await res.json() as ProCallConfig).network;
  }, proCallPath(appointmentId));
  return callRtcConfig(network);
}

const count = (xs: string[]) => {
  const out: Record<string, number> = {};
  for (const x of xs) out[x] = (out[x] ?? 0) + 1;
  return out;
};

/** Runs the lab's call set-up series, or says why it cannot run here. */
export async function runLabCallSetup(
  calls: number,
  progress: (l: string) => void,
  quiet: QuietGateOptions = { budgetMs: 5 * 60_000 },
): Promise<LabCallSetup> {
  const why = labUnavailableReason();
  if (why !== null) {
    progress(`lab call set-up skipped: ${why}`);
    return { skipped: why };
  }
  const symmetric = { nat: "symmetric" } as const;
  let result: LabCallSetupResult | undefined;
  await withLab(
    [symmetric, symmetric],
    { stun: true, turn: "udp" },
    async (run) => {
      const { app } = run.servers;
      const proCtx = await newCallContext(run.proBrowser);
      for (
        const s of [
          RECORD_JOIN_CLICK,
          RECORD_FIRST_REMOTE_FRAME,
          RECORD_SELECTED_PAIRS,
        ]
      ) {
        await proCtx.addInitScript(s);
      }
      const pro = await proCtx.newPage();
      await proFromPrintedLink(pro, app);
      // An appointment whose call settings the floor asks for: the same ICE servers as the app's.
      await createAppointmentNow(pro, "Lab Floor");
      const floorAppointment = appointmentOfCallPath(
        new URL(pro.url()).pathname + "/call",
      )!;
      const floor = await LabFloor.open(
        await (await run.proBrowser.newContext()).newPage(),
        await (await run.clientBrowser.newContext()).newPage(),
        `${app.url}/healthz`,
      );
      const floorCall = async () =>
        floor.call(await appIceConfig(pro, floorAppointment), CONSTRAINTS);
      const appCall = async (name: string) => {
        await pro.evaluate(() => sessionStorage.removeItem("__selectedPair"));
        const times = await timedCall(run.clientBrowser, app, pro, name);
        return { ...times, pair: await lastPair(pro) };
      };
      // Warm-up, untimed: the fake devices, WebRTC, TURN and the app's pages in both browsers.
      await appCall("Lab Warm Up");
      await floorCall();
      const gate = new QuietGate(quiet);
      const app_: Awaited<ReturnType<typeof appCall>>[] = [];
      const floor_: Awaited<ReturnType<typeof floorCall>>[] = [];
      const appLoad: SampleLoad[] = [];
      const floorLoad: SampleLoad[] = [];
      const appFirst: boolean[] = [];
      const setAside: LabCallSetupResult["samples"]["setAside"] = [];
      for (let i = 0; i < calls; i++) {
        const appIsFirst = i % 2 === 0;
        const pair = async () => {
          const a = appIsFirst ? await underLoad(() => appCall(`Lab Bench ${i + 1}`)) : undefined;
          const f = await underLoad(floorCall);
          const [x, xLoad] = a ??
            await underLoad(() => appCall(`Lab Bench ${i + 1}`));
          return {
            x,
            xLoad,
            f,
            worst: Math.max(xLoad.otherCores ?? 0, f[1].otherCores ?? 0),
          };
        };
        const { value, setAside: noisy } = await gate.run(
          pair,
          (v) => ({ otherCores: v.worst }),
        );
        setAside.push(...noisy.map((v) => ({
          app: Math.round(v.x.both),
          floor: Math.round(v.f[0].both),
          otherCores: v.worst,
        })));
        app_.push(value.x);
        appLoad.push(value.xLoad);
        floor_.push(value.f[0]);
        floorLoad.push(value.f[1]);
        appFirst.push(appIsFirst);
        const other = (l: SampleLoad) =>
          l.otherCores === null ? "" : `, others ${l.otherCores} cores`;
        progress(
          `lab call ${i + 1}/${calls}: app ${Math.round(value.x.both)} ms (pro ${
            Math.round(value.x.pro)
          }, client ${Math.round(value.x.client)}; ${
            Object.entries(value.x.steps).map(([k, v]) => `${k} ${Math.round(v)}`).join(", ")
          }; pair ${value.x.pair}${other(value.xLoad)}), floor ${Math.round(value.f[0].both)} ms ` +
            `(pro ${Math.round(value.f[0].pro)}, client ${Math.round(value.f[0].client)}; pair ${
              value.f[0].pair
            }${other(value.f[1])})`,
        );
      }
      const med = (xs: { both: number; pro: number; client: number }[]) => ({
        both: spreadOf(xs.map((x) => x.both)).median,
        pro: spreadOf(xs.map((x) => x.pro)).median,
        client: spreadOf(xs.map((x) => x.client)).median,
      });
      const appMs = med(app_);
      const floorMs = med(floor_);
      const proStepsMs: Partial<Record<SetupStep, number>> = {};
      for (const step of Object.keys(app_[0].steps) as SetupStep[]) {
        const xs = app_.map((x) => x.steps[step]).filter((x) => x !== undefined);
        if (xs.length === app_.length) proStepsMs[step] = spreadOf(xs).median;
      }
      result = {
        calls,
        network: "both browsers behind symmetric NAT (fully-random masquerade); STUN + TURN/UDP",
        appMs,
        floorMs,
        ratio: Math.round((appMs.both / floorMs.both) * 100) / 100,
        spread: {
          app: spreadOf(app_.map((x) => x.both)),
          floor: spreadOf(floor_.map((x) => x.both)),
          pairRatio: spreadOf(app_.map((x, i) => x.both / floor_[i].both), 2),
        },
        proStepsMs,
        pairs: {
          app: count(app_.map((x) => x.pair)),
          floor: count(floor_.map((x) => x.pair)),
        },
        samples: {
          app: app_.map((x) => Math.round(x.both)),
          floor: floor_.map((x) => Math.round(x.both)),
          appFirst,
          appLoad,
          floorLoad,
          setAside,
        },
        quiet: gate.summary(),
      };
    },
  );
  return result!;
}
