/**
 * Who is speaking, for the large tile: the participant whose audio level has been clearly the
 * loudest for a while. Levels jump between syllables, so a raw "loudest now" would flap; the rule
 * smooths each level and lets someone take the floor only after out-speaking the current speaker
 * for {@linkcode SpeakerRule.takeOverMs}. Silence keeps the last speaker (as Meet does): the large
 * tile does not jump back and forth in pauses.
 *
 * Levels are 0..1, as `inbound-rtp` `audioLevel` in getStats() (see {@linkcode inboundAudioLevel})
 * or an AnalyserNode's RMS give them. Browser module: no Deno APIs.
 *
 * @example
 * ```ts
 * const picker = new ActiveSpeakerPicker();
 * setInterval(async () => {
 *   const levels = new Map(await Promise.all(peers.map(async (p) =>
 *     [p.id, inboundAudioLevel(await p.pc.getStats())] as const)));
 *   speaker.value = picker.update(levels, performance.now());
 * }, 300);
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
