/**
 * How good one peer connection is, for a tile's quality bars: round-trip time, packet loss,
 * jitter, frames per second and bitrates from `RTCPeerConnection.getStats()`. Loss, bitrates and
 * a fallback frame rate are counters, so they are taken from two successive reports (the change
 * between them); a single report gives "unknown". {@linkcode qualityFrom} is pure, on anything
 * map-like holding stats objects; {@linkcode pollQuality} runs it on a live connection.
 *
 * @example
 * ```ts
 * const stop = pollQuality(pc, (q) => (tileQuality.value = q));
 * // q.level: "good" | "fair" | "poor" | "unknown"; q.rttMs, q.lossPercent, …
 * ```
 *
 * Browser module: no Deno APIs.
 */
import { w } from "./ui/words.ts";

/** The level shown as bars: good 3, fair 2, poor 1, unknown none. */
export type QualityLevel = "good" | "fair" | "poor" | "unknown";

/** A level and the figures it came from; a figure is null when the reports did not carry it. */
export interface ConnectionQuality {
  level: QualityLevel;
  /** Round-trip time of the selected candidate pair, in milliseconds. */
  rttMs: number | null;
  /** Packets lost among those expected since the previous report, in percent (0..100). */
  lossPercent: number | null;
  /** The largest inbound jitter, in milliseconds. */
  jitterMs: number | null;
  /** Frames per second of the received video. */
  fps: number | null;
  /** Bits per second sent (every outbound RTP stream) since the previous report. */
  sendBps: number | null;
  /** Bits per second received (every inbound RTP stream) since the previous report. */
  receiveBps: number | null;
  /**
   * The sender's bandwidth estimate for this connection (the selected pair's
   * `availableOutgoingBitrate`), bits per second; Firefox does not give it.
   */
  sendEstimateBps: number | null;
}

/** Above these a figure makes the level fair, or poor. */
export interface QualityThresholds {
  rttMs: { fair: number; poor: number };
  lossPercent: { fair: number; poor: number };
  jitterMs: { fair: number; poor: number };
  /** Received video below this many frames per second is fair, below the other poor. */
  fps: { fair: number; poor: number };
}

/**
 * Defaults after ITU-T G.114 (one-way delay under 150 ms is fine, so 300 ms round trip) and what
 * WebRTC video tolerates: a few percent loss shows, ten percent breaks the picture.
 */
export const DEFAULT_THRESHOLDS: QualityThresholds = {
  rttMs: { fair: 300, poor: 600 },
  lossPercent: { fair: 3, poor: 10 },
  jitterMs: { fair: 30, poor: 100 },
  fps: { fair: 15, poor: 5 },
};

/** One stats object as getStats() returns them (only the fields read here). */
// deno-lint-ignore no-explicit-any
export type StatsEntry = Record<string, any> & { id: string; type: string; timestamp: number };

/** An RTCStatsReport, or a Map of stats objects (tests). */
export interface StatsLike {
  forEach(cb: (entry: StatsEntry) => void): void;
}

const entriesOf = (report: StatsLike): StatsEntry[] => {
  const out: StatsEntry[] = [];
  report.forEach((e) => out.push(e));
  return out;
};

/** The candidate pair media flows on: the transport's selected one, else a nominated succeeded one. */
export function selectedPair(report: StatsLike): StatsEntry | undefined {
  const entries = entriesOf(report);
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const t of entries) {
    if (t.type === "transport" && t.selectedCandidatePairId) {
      const pair = byId.get(t.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  return entries.find((e) =>
    e.type === "candidate-pair" && e.state === "succeeded" && e.nominated !== false
  );
}

/** Bits per second of `field` summed over `type` entries, between two reports; null without both. */
function bitrate(prev: StatsEntry[], curr: StatsEntry[], type: string, field: string) {
  const now = curr.filter((e) => e.type === type && typeof e[field] === "number");
  if (now.length === 0) return null;
  const before = new Map(prev.filter((e) => e.type === type).map((e) => [e.id, e]));
  let bits = 0;
  let seconds = 0;
  for (const e of now) {
    const p = before.get(e.id);
    if (!p || typeof p[field] !== "number" || e.timestamp <= p.timestamp) continue;
    bits += Math.max(0, e[field] - p[field]) * 8;
    seconds = Math.max(seconds, (e.timestamp - p.timestamp) / 1000);
  }
  return seconds > 0 ? Math.round(bits / seconds) : null;
}

/** Lost packets among expected ones between two reports, over every inbound RTP stream. */
function lossPercent(prev: StatsEntry[], curr: StatsEntry[]): number | null {
  const before = new Map(prev.filter((e) => e.type === "inbound-rtp").map((e) => [e.id, e]));
  let lost = 0;
  let received = 0;
  let compared = false;
  for (const e of curr) {
    const p = before.get(e.id);
    if (e.type !== "inbound-rtp" || !p || typeof e.packetsReceived !== "number") continue;
    compared = true;
    // packetsLost may go down (late packets counted again): never below zero.
    lost += Math.max(0, (e.packetsLost ?? 0) - (p.packetsLost ?? 0));
    received += Math.max(0, e.packetsReceived - (p.packetsReceived ?? 0));
  }
  if (!compared) return null;
  return lost + received === 0 ? 0 : (lost / (lost + received)) * 100;
}

/** Received video frames per second: the report's own figure, else decoded frames over time. */
function framesPerSecond(prev: StatsEntry[], curr: StatsEntry[]): number | null {
  const video = curr.filter((e) => e.type === "inbound-rtp" && e.kind === "video");
  if (video.length === 0) return null;
  const rates = video.map((e) => {
    if (typeof e.framesPerSecond === "number") return e.framesPerSecond;
    const p = prev.find((x) => x.id === e.id);
    if (!p || typeof e.framesDecoded !== "number" || e.timestamp <= p.timestamp) return null;
    return (e.framesDecoded - (p.framesDecoded ?? 0)) / ((e.timestamp - p.timestamp) / 1000);
  }).filter((r): r is number => r !== null);
  if (rates.length > 0) return Math.max(...rates);
  // A video stream but no frame counted between two reports: none came, which is 0.
  return prev.length > 0 ? 0 : null;
}

/** The worse of two levels. */
const worse = (a: QualityLevel, b: QualityLevel): QualityLevel => {
  const rank = { good: 0, fair: 1, poor: 2, unknown: -1 };
  return rank[b] > rank[a] ? b : a;
};

/** The level a figure gives: "higher is worse" unless `lowIsBad`. */
function levelOf(
  value: number | null,
  t: { fair: number; poor: number },
  lowIsBad = false,
): QualityLevel {
  if (value === null) return "good";
  if (lowIsBad) return value < t.poor ? "poor" : value < t.fair ? "fair" : "good";
  return value > t.poor ? "poor" : value > t.fair ? "fair" : "good";
}

/** Options of {@linkcode qualityFrom} and {@linkcode pollQuality}. */
export interface QualityOptions {
  thresholds?: QualityThresholds;
  /**
   * Whether the other side's camera is on. A camera turned off (track.enabled = false) still
   * sends about one black frame a second: its frame rate must not count as poor.
   */
  videoExpected?: boolean;
}

/**
 * The quality between two successive reports of one connection. Without a previous report, or
 * without a selected candidate pair (not connected), the level is unknown; figures that need only
 * one report (rtt, jitter, fps) are still filled in when present.
 */
export function qualityFrom(
  prev: StatsLike | null,
  curr: StatsLike,
  opts: QualityOptions = {},
): ConnectionQuality {
  const thresholds = opts.thresholds ?? DEFAULT_THRESHOLDS;
  const now = entriesOf(curr);
  const before = prev ? entriesOf(prev) : [];
  const pair = selectedPair(curr);
  const rtt = pair?.currentRoundTripTime;
  const estimate = pair?.availableOutgoingBitrate;
  const jitters = now.filter((e) => e.type === "inbound-rtp" && typeof e.jitter === "number")
    .map((e) => e.jitter * 1000);
  const q: ConnectionQuality = {
    level: "unknown",
    rttMs: typeof rtt === "number" ? Math.round(rtt * 1000) : null,
    lossPercent: prev ? lossPercent(before, now) : null,
    jitterMs: jitters.length > 0 ? Math.round(Math.max(...jitters)) : null,
    fps: framesPerSecond(before, now),
    sendBps: prev ? bitrate(before, now, "outbound-rtp", "bytesSent") : null,
    receiveBps: prev ? bitrate(before, now, "inbound-rtp", "bytesReceived") : null,
    sendEstimateBps: typeof estimate === "number" ? Math.round(estimate) : null,
  };
  if (!prev || !pair) return q;
  const levels: QualityLevel[] = [
    levelOf(q.rttMs, thresholds.rttMs),
    levelOf(q.lossPercent, thresholds.lossPercent),
    levelOf(q.jitterMs, thresholds.jitterMs),
    ...(opts.videoExpected !== false ? [levelOf(q.fps, thresholds.fps, true)] : []),
  ];
  q.level = levels.reduce(worse, "good");
  // Impairments add up (the ITU-T G.107 E-model sums them): speech that comes late and patchy is
  // hard to talk over although either alone is only noticeable, so two fair figures are poor.
  if (levels.filter((l) => l === "fair").length >= 2) q.level = "poor";
  return q;
}

/** Round figures in plain words, for the figures shown on hover or focus. */
export function describeQuality(q: ConnectionQuality): string {
  const words = w(`q.${q.level}`);
  const parts: string[] = [];
  if (q.rttMs !== null) parts.push(`round trip ${q.rttMs} ms`);
  if (q.lossPercent !== null) parts.push(`packet loss ${q.lossPercent.toFixed(1)}%`);
  if (q.jitterMs !== null) parts.push(`jitter ${q.jitterMs} ms`);
  if (q.fps !== null) parts.push(`${Math.round(q.fps)} frames per second`);
  if (q.receiveBps !== null) parts.push(`receiving ${kbps(q.receiveBps)}`);
  if (q.sendBps !== null) parts.push(`sending ${kbps(q.sendBps)}`);
  return parts.length > 0 ? `${words}: ${parts.join(", ")}` : words;
}

const kbps = (bps: number) =>
  bps >= 1_000_000 ? `${(bps / 1_000_000).toFixed(1)} Mbit/s` : `${Math.round(bps / 1000)} kbit/s`;

/** How often {@linkcode pollQuality} reads the stats by default. */
export const QUALITY_POLL_MS = 2_000;

/**
 * How far back {@linkcode pollQuality} compares by default. Loss and bitrates over one 2 s poll
 * swing too much to show: at a steady 5 % loss a 2 s window of a few hundred packets read under
 * 3 % (good) about one time in ten, so the bars flickered between two and three; over 10 s the
 * same link reads fair every time, and a link that turns bad still shows within a poll or two.
 */
export const QUALITY_WINDOW_MS = 10_000;

/** The ids of a report's inbound and outbound RTP streams. */
function rtpStreams(report: StatsLike): Set<string> {
  const ids = new Set<string>();
  report.forEach((e) => {
    if (e.type === "inbound-rtp" || e.type === "outbound-rtp") ids.add(e.id);
  });
  return ids;
}

/** Options of {@linkcode pollQuality}. */
export interface PollOptions {
  /** Milliseconds between reads ({@linkcode QUALITY_POLL_MS}). */
  everyMs?: number;
  /** Each report is compared with the oldest one read within this many ms ({@linkcode QUALITY_WINDOW_MS}). */
  windowMs?: number;
  thresholds?: QualityThresholds;
  /** Read at each tick: whether the other side's camera is on (see QualityOptions). */
  videoExpected?: () => boolean;
}

/**
 * Reads `pc.getStats()` every `everyMs` and reports the quality between each report and the
 * oldest one read within `windowMs` (at first the one before); the first report yields "unknown".
 * Stops with the returned function, or by itself once the connection is closed.
 */
export function pollQuality(
  pc: RTCPeerConnection,
  onQuality: (q: ConnectionQuality) => void,
  opts: PollOptions = {},
): () => void {
  const everyMs = opts.everyMs ?? QUALITY_POLL_MS;
  const windowMs = opts.windowMs ?? QUALITY_WINDOW_MS;
  /** Reports read within the window, oldest first, with when they were read. */
  const kept: { report: StatsLike; at: number; streams: Set<string> }[] = [];
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    if (stopped || pc.connectionState === "closed") return;
    try {
      const report = await pc.getStats();
      if (stopped) return;
      const videoExpected = opts.videoExpected?.() ?? true;
      const now = Date.now();
      // Keep the newest report older than the window too, so the comparison spans it whole.
      while (kept.length > 1 && now - kept[1].at >= windowMs) kept.shift();
      // The oldest report that already had every stream this one has (a report from before the
      // media started has none to compare with); else the one before.
      const streams = rtpStreams(report);
      const prev = kept.find((k) => [...streams].every((id) => k.streams.has(id))) ?? kept.at(-1);
      onQuality(
        qualityFrom(prev?.report ?? null, report, { thresholds: opts.thresholds, videoExpected }),
      );
      kept.push({ report, at: now, streams });
    } catch {
      // Closed while reading: the next tick stops.
    }
    timer = setTimeout(tick, everyMs);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
