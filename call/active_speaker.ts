/**
 * Who is speaking, for the large tile: the participant whose audio level has been clearly the
 * loudest for a while. Levels jump between syllables, so a raw "loudest now" would flap; the rule
 * smooths each level and lets someone take the floor only after out-speaking the current speaker
 * for {@linkcode SpeakerRule.takeOverMs}. Silence keeps the last speaker (as Meet does): the large
 * tile does not jump back and forth in pauses.
 *
 * Levels are 0..1, as getStats() gives them for received audio (see {@linkcode audioLevelBetween})
 * or an AnalyserNode's RMS. Chromium decodes, and so measures, received audio only while it is
 * played out: the remote tile's `<video>` (or an `<audio>`) must be playing it. Browser module:
 * no Deno APIs.
 *
 * @example
 * ```ts
 * // Remote participants' connections by id, read at every tick (people come and go).
 * const stop = pollActiveSpeaker(() => sessions.map((s) => [s.opts.remoteId, s.pc]),
 *   (id) => (speaker.value = id));
 * ```
 */
import type { StatsLike } from "./connection_quality.ts";

/** The tuning of {@linkcode ActiveSpeakerPicker}. */
export interface SpeakerRule {
  /** A smoothed level below this is silence. */
  speakingLevel: number;
  /** A challenger must be this many times as loud as the current speaker… */
  louderBy: number;
  /** …for this long, without a break, to take the floor. */
  takeOverMs: number;
  /** Weight of a new sample in the smoothed level (0..1; higher follows faster). */
  smoothing: number;
}

/** Defaults: speech above 0.02, 1.5× as loud for 1.2 s, each sample weighs 0.4. */
export const DEFAULT_SPEAKER_RULE: SpeakerRule = {
  speakingLevel: 0.02,
  louderBy: 1.5,
  takeOverMs: 1_200,
  smoothing: 0.4,
};

/** Picks the active speaker from successive audio levels (see the module doc). */
export class ActiveSpeakerPicker {
  #smoothed = new Map<string, number>();
  #speaker: string | null = null;
  #challenger: { id: string; since: number } | null = null;

  constructor(readonly rule: SpeakerRule = DEFAULT_SPEAKER_RULE) {}

  /** The current speaker: null until someone has spoken. */
  get speaker(): string | null {
    return this.#speaker;
  }

  /**
   * Takes one level per participant present (a participant missing from `levels` has left and
   * is forgotten) at time `nowMs`; returns the speaker after it.
   */
  update(levels: ReadonlyMap<string, number>, nowMs: number): string | null {
    const a = this.rule.smoothing;
    for (const id of [...this.#smoothed.keys()]) if (!levels.has(id)) this.#smoothed.delete(id);
    for (const [id, level] of levels) {
      const before = this.#smoothed.get(id);
      this.#smoothed.set(id, before === undefined ? level : before + a * (level - before));
    }
    if (this.#speaker !== null && !levels.has(this.#speaker)) this.#speaker = null;

    const loudest = this.#loudest();
    if (!loudest || loudest.level < this.rule.speakingLevel || loudest.id === this.#speaker) {
      this.#challenger = null;
      return this.#speaker;
    }
    // Nobody had the floor yet: the first to speak takes it at once.
    if (this.#speaker === null) {
      this.#speaker = loudest.id;
      this.#challenger = null;
      return this.#speaker;
    }
    const current = this.#smoothed.get(this.#speaker) ?? 0;
    if (loudest.level < current * this.rule.louderBy) {
      this.#challenger = null;
      return this.#speaker;
    }
    if (this.#challenger?.id !== loudest.id) this.#challenger = { id: loudest.id, since: nowMs };
    if (nowMs - this.#challenger.since >= this.rule.takeOverMs) {
      this.#speaker = loudest.id;
      this.#challenger = null;
    }
    return this.#speaker;
  }

  #loudest(): { id: string; level: number } | null {
    let best: { id: string; level: number } | null = null;
    for (const [id, level] of this.#smoothed) if (!best || level > best.level) best = { id, level };
    return best;
  }
}

/**
 * The received audio's level (0..1) between two reports of one connection: the root of the mean
 * audio energy over the time between them (inbound-rtp totalAudioEnergy / totalSamplesDuration),
 * so a word between two reads counts, where the instant `audioLevel` could miss it. Without a
 * previous report (or without those counters), the instant level.
 */
export function audioLevelBetween(prev: StatsLike | null, curr: StatsLike): number {
  const audio = (r: StatsLike) => {
    const out = new Map<string, { energy?: number; seconds?: number }>();
    r.forEach((e) => {
      if (e.type === "inbound-rtp" && e.kind === "audio") {
        out.set(e.id, { energy: e.totalAudioEnergy, seconds: e.totalSamplesDuration });
      }
    });
    return out;
  };
  if (prev) {
    const before = audio(prev);
    let level = -1;
    for (const [id, now] of audio(curr)) {
      const then = before.get(id);
      if (typeof now.energy !== "number" || typeof now.seconds !== "number") continue;
      if (typeof then?.energy !== "number" || typeof then.seconds !== "number") continue;
      const seconds = now.seconds - then.seconds;
      if (seconds <= 0) continue;
      level = Math.max(level, Math.sqrt(Math.max(0, now.energy - then.energy) / seconds));
    }
    if (level >= 0) return Math.min(1, level);
  }
  return inboundAudioLevel(curr);
}

/** The received audio level (0..1) in one connection's report; 0 when it carries none. */
export function inboundAudioLevel(report: StatsLike): number {
  let level = 0;
  report.forEach((e) => {
    if (e.type === "inbound-rtp" && e.kind === "audio" && typeof e.audioLevel === "number") {
      level = Math.max(level, e.audioLevel);
    }
  });
  return level;
}

/** How often {@linkcode pollActiveSpeaker} reads the levels by default. */
export const SPEAKER_POLL_MS = 300;

/**
 * Reads each remote participant's received audio level (getStats) every `everyMs` and reports
 * the active speaker when it changes. `peers` is read at each tick: [participant id, connection].
 * Stops with the returned function.
 */
export function pollActiveSpeaker(
  peers: () => Iterable<readonly [string, RTCPeerConnection]>,
  onSpeaker: (id: string | null) => void,
  opts: { everyMs?: number; rule?: SpeakerRule; now?: () => number } = {},
): () => void {
  const picker = new ActiveSpeakerPicker(opts.rule);
  const last = new Map<string, StatsLike>();
  const now = opts.now ?? (() => performance.now());
  let reported: string | null | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = async () => {
    const open = [...peers()].filter(([, pc]) => pc.connectionState !== "closed");
    const levels = await Promise.all(open.map(async ([id, pc]) => {
      try {
        const report = await pc.getStats();
        const level = audioLevelBetween(last.get(id) ?? null, report);
        last.set(id, report);
        return [id, level] as const;
      } catch {
        return [id, 0] as const; // closed while reading
      }
    }));
    for (const id of [...last.keys()]) if (!open.some(([o]) => o === id)) last.delete(id);
    if (stopped) return;
    const speaker = picker.update(new Map(levels), now());
    if (speaker !== reported) {
      reported = speaker;
      onSpeaker(speaker);
    }
    timer = setTimeout(tick, opts.everyMs ?? SPEAKER_POLL_MS);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
