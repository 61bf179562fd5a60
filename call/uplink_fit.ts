/**
 * The camera's picture size follows the link. libwebrtc brings a sender's bitrate down to its
 * bandwidth estimate by itself, but it keeps the picture size as long as the encoder's
 * quantizer allows: on a 1 Mbit/s link with 5 % loss and a 300 ms round trip (the network
 * lab's poor link) it went on sending 1280×720 at ~550 kbit/s, where 640×360 shows more. So each
 * peer session also reads its connection's estimate (the selected candidate pair's
 * `availableOutgoingBitrate`) and sends smaller below the bitrate each size needs, the same
 * rule the call of four follows for its share of the upload (`HALF_SIZE_BELOW_BPS`).
 *
 * The estimate alone does not say whether the link is full: libwebrtc raises it to about
 * 1.5 times what the sender sends and no further, so a picture that needs little (a still room,
 * a small picture) reads a low estimate on any link (measured in the lab, the link restored: a
 * 640×360 sender at ~330 kbit/s read 888 kbit/s for minutes, at 720p ~560 read ~910). So the
 * link is taken as full only while the estimate is within {@linkcode HEADROOM} of what is sent:
 *
 * - down a step when the link is full and the estimate is under the step's bitrate, for
 *   {@linkcode DOWN_AFTER_MS} (at once after a step up that did not hold);
 * - up a step when, for {@linkcode UP_AFTER_MS}, the estimate allows the larger picture or the
 *   link is not full. A step up raises what the sender may spend, and libwebrtc probes the link
 *   for it; if the link is full and too slow for it {@linkcode TRIAL_MS} later, the picture goes
 *   down again and the next try waits twice as long, up to {@linkcode MAX_WAIT_MS}, so a link on
 *   the edge does not flip back and forth; until the estimate rises well over what it was then
 *   (the link got better: in CI a restored link waited 43 s for its picture without this).
 *
 * @example
 * ```ts
 * const fit = new UplinkFit();
 * fit.reading(600_000, performance.now()); // 2: half the width and height
 * ```
 *
 * Browser module: no Deno APIs.
 */
import { HALF_SIZE_BELOW_BPS } from "./sender_bitrate.ts";

/** Below this estimate the camera goes at a quarter of its width and height (320×180 from 720p). */
export const QUARTER_SIZE_BELOW_BPS = 300_000;

/**
 * How long the estimate must say the picture is too big (two readings 2 s apart) before it goes
 * down, unless a step up is being tried: one low reading is often a moment of a busy machine.
 */
export const DOWN_AFTER_MS = 2_000;

/**
 * How long after a connection is up its readings are left out: a new connection's estimate
 * starts at 300 kbit/s and climbs for a few seconds; on a busy machine (CI, tests in parallel)
 * it still read under 1.2 Mbit/s after 2 s, and a 720p camera went to half size on loopback.
 */
export const RAMP_UP_MS = 8_000;

/** How far above a step's bitrate the estimate must be to go back up to it. */
export const UP_MARGIN = 1.25;

/**
 * The link is full while the estimate is under this many times what the connection sends. On
 * the lab's poor link the estimate was 1.14–1.38 times what was sent; on a link with room, where
 * the sender sends what its picture needs, 1.6 and more.
 */
export const HEADROOM = 1.4;

/** How long the estimate must allow a larger picture before it goes up a step. */
export const UP_AFTER_MS = 6_000;

/** How long a step up has for libwebrtc's probes to raise the estimate. */
export const TRIAL_MS = 4_000;

/** The longest wait before another step up after steps up that did not hold. */
export const MAX_WAIT_MS = 60_000;

/** The size steps, largest first: a scale and the estimate below which it is too big. */
const STEPS = [
  { scale: 1, below: HALF_SIZE_BELOW_BPS },
  { scale: 2, below: QUARTER_SIZE_BELOW_BPS },
  { scale: 4, below: 0 },
] as const;

/** The scale (`scaleResolutionDownBy`) one estimate alone asks for. */
export function scaleForEstimate(bps: number, margin = 1): number {
  return STEPS.find((s) => bps >= s.below * margin)!.scale;
}

/** The picture size one connection's estimates ask for (see the module doc). */
export class UplinkFit {
  /** The scale asked for now; 1 (as captured) until an estimate says otherwise. */
  scale = 1;
  /** Since when the estimates have allowed a larger picture. */
  #upSince?: number;
  /** When the last step up was taken, until it has held for TRIAL_MS. */
  #upAt?: number;
  /** Since when the readings have said the picture is too big. */
  #downSince?: number;
  /** Steps up in a row that did not hold. */
  #failed = 0;
  /** The estimate when the last of them went down again. */
  #failedAt = 0;

  /**
   * Takes one reading at `at` (ms): the connection's bandwidth estimate and what it sends now,
   * in bits per second; returns the scale now. A missing estimate (null: not connected, or a
   * browser without the figure) changes nothing.
   */
  reading(estimateBps: number | null, sentBps: number | null, at: number): number {
    if (estimateBps === null) return this.scale;
    // Without a send rate yet, the estimate is all there is to go by.
    const full = sentBps === null || estimateBps < HEADROOM * sentBps;
    const tooBig = full && scaleForEstimate(estimateBps) > this.scale;
    const trying = this.#upAt !== undefined && at - this.#upAt < TRIAL_MS;
    if (trying) return this.scale;
    if (tooBig) {
      const failedTry = this.#upAt !== undefined;
      this.#downSince ??= at;
      if (!failedTry && at - this.#downSince < DOWN_AFTER_MS) return this.scale;
      if (failedTry) {
        this.#failed++;
        this.#failedAt = estimateBps;
      }
      this.scale = scaleForEstimate(estimateBps);
      this.#upSince = this.#upAt = this.#downSince = undefined;
      return this.scale;
    }
    this.#downSince = undefined;
    if (this.#upAt !== undefined) {
      this.#failed = 0; // the step up held
      this.#upAt = undefined;
    }
    // The link got better than when the last try failed: the next try waits no longer.
    if (this.#failed > 0 && estimateBps >= UP_MARGIN * this.#failedAt) this.#failed = 0;
    const allows = scaleForEstimate(estimateBps, UP_MARGIN) < this.scale;
    if (this.scale === 1 || !(allows || !full)) {
      this.#upSince = undefined;
      return this.scale;
    }
    this.#upSince ??= at;
    const wait = Math.min(MAX_WAIT_MS, UP_AFTER_MS * 2 ** this.#failed);
    if (at - this.#upSince >= wait) {
      this.scale /= 2;
      this.#upSince = undefined;
      this.#upAt = at;
    }
    return this.scale;
  }
}
