/**
 * The call set-up tables of the bench report: on loopback (two and four people, beside their
 * floors) and in the network lab (behind symmetric NAT through TURN, beside its floor).
 */
import type { CallSetupResult } from "./run_browser.ts";
import type { Spread } from "./spread.ts";
import type { LabCallSetupResult } from "./run_lab.ts";
import { fmt, table } from "./md_table.ts";

/** The loopback call set-up: medians, the professional's steps, samples, load, four people. */
export function callTable(c: CallSetupResult): string {
  return table([
    ["call set-up (median)", "both sides", "professional", "client"],
    [
      "Frontdesk (click → first frame)",
      `${c.appMs.both} ms`,
      `${c.appMs.pro} ms`,
      `${c.appMs.client} ms`,
    ],
    [
      "Frontdesk, professional's steps",
      Object.entries(c.proStepsMs ?? {}).sort(([, a], [, b]) => a - b)
        .map(([k, v]) => `${k} ${v}`).join(", ") + " (ms after the click)",
      "",
      "",
    ],
    [
      "floor (2 PCs, one page; professional's camera opened fresh)",
      `${c.floorMs.both} ms`,
      `${c.floorMs.pro} ms`,
      `${c.floorMs.client} ms`,
    ],
    [
      "floor, camera reused (the page's running one)",
      `${c.floorReusedCameraMs.both} ms`,
      `${c.floorReusedCameraMs.pro} ms`,
      `${c.floorReusedCameraMs.client} ms`,
    ],
    [
      "samples, both sides (ms, in order)",
      `app ${c.samples.app.join(", ")}; floor ${c.samples.floor.join(", ")}`,
      "",
      "",
    ],
    [
      "load per sample (cores used by others)",
      `app ${loadList(c.samples.appLoad)}; floor ${loadList(c.samples.floorLoad)}`,
      "",
      "",
    ],
    [
      `cores busy during set-up (Chromium and server, of ${c.setupCores?.of ?? "?"})`,
      `app ${coresText(c.setupCores?.app)}; floor ${coresText(c.setupCores?.floor)}`,
      "",
      "",
    ],
    [
      "samples set aside (foreign load), repeated",
      `${c.samples.setAside.length} (threshold ${c.quiet.threshold} cores; waited ${
        Math.round(c.quiet.waitedMs / 1000)
      } s for quiet; ${c.quiet.countedNoisy} counted under load)`,
      "",
      "",
    ],
    [
      "four-person floor (6 pairs, one page)",
      `${c.fourPerson.floorMs} ms (${c.fourPerson.floorSamples.join(", ")})`,
      "",
      "",
    ],
    [
      "four-person call (Join → all peers' frames)",
      `${c.fourPerson.appMs} ms (${c.fourPerson.appSamples.join(", ")})`,
      "",
      "",
    ],
  ]);
}

/** The lab's call set-up beside the loopback figures of the same run. */
export function labTable(
  lab: LabCallSetupResult,
  loop: CallSetupResult | null,
): string {
  const ms = (x: { both: number; pro: number; client: number }) => [
    `${x.both} ms`,
    `${x.pro} ms`,
    `${x.client} ms`,
  ];
  const sp = (x: Spread) => `${x.median} ms (${x.min}–${x.max}, quartiles ${x.p25}–${x.p75})`;
  const wide = (label: string, text: string) => [label, text, "", ""];
  return table([
    [
      "call set-up behind symmetric NAT, TURN (median)",
      "both sides",
      "professional",
      "client",
    ],
    ["Frontdesk in the lab (click → first frame)", ...ms(lab.appMs)],
    wide(
      "Frontdesk in the lab, professional's steps",
      Object.entries(lab.proStepsMs).sort(([, a], [, b]) => a - b)
        .map(([k, v]) => `${k} ${v}`).join(", ") + " (ms after the click)",
    ),
    [
      "lab floor (same browsers and ICE servers, driver relays)",
      ...ms(lab.floorMs),
    ],
    wide(
      "ratio (medians; pair by pair)",
      `${lab.ratio}× (${lab.spread.pairRatio.median}×)`,
    ),
    wide(
      "spread, both sides",
      `app ${sp(lab.spread.app)}; floor ${sp(lab.spread.floor)}`,
    ),
    wide(
      "selected pairs (professional's side)",
      `app ${pairList(lab.pairs.app)}; floor ${pairList(lab.pairs.floor)}`,
    ),
    wide(
      "samples, both sides (ms, in order)",
      `app ${lab.samples.app.join(", ")}; floor ${lab.samples.floor.join(", ")}`,
    ),
    wide(
      "load per sample (cores used by others)",
      `app ${loadList(lab.samples.appLoad)}; floor ${loadList(lab.samples.floorLoad)}`,
    ),
    wide(
      "samples set aside (foreign load), repeated",
      `${lab.samples.setAside.length} (${lab.quiet.countedNoisy} counted under load)`,
    ),
    ...(loop
      ? [
        ["beside: Frontdesk on loopback", ...ms(loop.appMs)],
        ["beside: loopback floor (2 PCs, one page)", ...ms(loop.floorMs)],
        wide("beside: loopback ratio", `${loop.ratio}×`),
      ]
      : []),
  ]);
}

/** Cores used by others during each sample, e.g. "0.1, 0.9, –". */
function loadList(loads: { otherCores: number | null }[]): string {
  return loads.map((l) => fmt(l.otherCores)).join(", ");
}

/** Selected candidate pairs and how often, e.g. "prflx/relay ×16". */
export function pairList(pairs: Record<string, number>): string {
  return Object.entries(pairs).map(([p, n]) => `${p} ×${n}`).join(", ") || "–";
}

/** Median and range of a set-up's busy cores, or why there is none. */
function coresText(x: Spread | null | undefined): string {
  return x ? `${x.median} (${x.min}–${x.max}, quartiles ${x.p25}–${x.p75})` : "not read";
}
