/**
 * The video each peer connection may send. In a full-mesh call every participant uploads its
 * camera once per remote participant, so the upload budget is shared among them; the cap and the
 * picture size are set on the sender (`RTCRtpSender.setParameters`, `encodings[0].maxBitrate` and
 * `scaleResolutionDownBy`), which needs no renegotiation.
 */

/** Bounds of {@linkcode videoBitrateFor}, in bits per second. */
export interface BitrateLimits {
  /** The whole upload for video, shared among the peers. */
  budget: number;
  /** Below this the picture is not worth sending. */
  floor: number;
  /** One peer never gets more; about what libwebrtc itself allows 720p, so a call of two is as before. */
  ceiling: number;
}

/** The defaults: a 3 Mbit/s upload, at least 300 kbit/s, at most 2.5 Mbit/s per peer. */
export const DEFAULT_BITRATE_LIMITS: BitrateLimits = {
  budget: 3_000_000,
  floor: 300_000,
  ceiling: 2_500_000,
};

/**
 * Below this share per peer the camera is sent at half its width and height. At about 1 Mbit/s
 * (a call of four) VP8 spends its bits on a quarter of the pixels and shows more detail than at
 * 720p; each sender encodes its camera once per peer and each receiver decodes and draws three
 * videos, so half the size is a quarter of that work on every machine. The cost: the active
 * speaker's tile (three quarters of a 1280-pixel window) shows 640×360 drawn 1.5 times as large;
 * three quarters of the size (853×480) drew it almost as captured, but gained less on set-up
 * (interleaved on our 2-core machine, an hour when every figure was slow: 2.1 s against 2.4 s at
 * full size, 2.3 s at half). Four pages at once, 6 calls each interleaved with the code before:
 * the professional's Join to frames from all three peers on every page took 1.2 s (median;
 * 1.0–1.6) at half size against 1.9 s (1.6–3.0).
 */
export const HALF_SIZE_BELOW_BPS = 1_200_000;

/**
 * How long after its connection comes up a camera sender stays small at least (see
 * {@linkcode START_SCALE}). A new connection's bandwidth estimate starts at 300 kbit/s, too little
 * for 720p: libwebrtc then drops the camera's first frames before it sends smaller ones, and at
 * 1280×720 the first frame arrived ~255 ms after the start, against ~115 ms when the sender starts
 * at 640×360 (two peer connections in one page, 6 tries each). By now the estimate has grown past
 * what full size needs.
 */
export const START_SMALL_MS = 2_000;

/** What one peer's camera sender is given. */
export interface VideoEncoding {
  /** Bits per second; no cap when undefined. */
  maxBitrate?: number;
  /** 1 sends the camera as captured, 2 at half its width and height. */
  scaleResolutionDownBy: number;
}

/** The video bitrate for each of `peers` remote participants: budget / peers, within the bounds. */
export function videoBitrateFor(peers: number, limits = DEFAULT_BITRATE_LIMITS): number {
  const share = limits.budget / Math.max(1, Math.floor(peers));
  return Math.round(Math.min(limits.ceiling, Math.max(limits.floor, share)));
}

/** The camera's encoding for each of `peers` remote participants (bitrate, then picture size). */
export function videoEncodingFor(peers: number, limits = DEFAULT_BITRATE_LIMITS): VideoEncoding {
  const maxBitrate = videoBitrateFor(peers, limits);
  return { maxBitrate, scaleResolutionDownBy: maxBitrate < HALF_SIZE_BELOW_BPS ? 2 : 1 };
}

/**
 * How much smaller than captured a camera starts (a quarter of its width and height: 320×180 from
 * 720p) for {@linkcode START_SMALL_MS}. At half size (640×360) the estimate was still on the edge:
 * in half the tries libwebrtc dropped the first frame and went down to 320×180 itself
 * (`qualityLimitationReason` "bandwidth"), one camera frame (~45 ms) later, so the same call set
 * up in ~111 ms one time and ~156 or ~202 ms the next (two peer connections in one page, 20
 * tries). Starting at 320×180 no first frame was dropped: 97–110 ms in 16 tries of 16.
 */
export const START_SCALE = 4;

/** `encoding` made smaller, to `scale` (a `scaleResolutionDownBy`) at least. */
export function atLeastScale(encoding: VideoEncoding | undefined, scale: number): VideoEncoding {
  return {
    ...encoding,
    scaleResolutionDownBy: Math.max(scale, encoding?.scaleResolutionDownBy ?? 1),
  };
}

/** What a camera sender starts with (see {@linkcode START_SMALL_MS}): `encoding`, a quarter size at least. */
export function startingEncoding(encoding: VideoEncoding | undefined): VideoEncoding {
  return atLeastScale(encoding, START_SCALE);
}

/** `encoding` as a new sender's encoding (addTransceiver's sendEncodings): as captured, no cap when undefined. */
export function sendEncoding(encoding: VideoEncoding | undefined): RTCRtpEncodingParameters {
  return {
    scaleResolutionDownBy: encoding?.scaleResolutionDownBy ?? 1,
    ...(encoding?.maxBitrate === undefined ? {} : { maxBitrate: encoding.maxBitrate }),
  };
}

/**
 * `params` with the first encoding set to `encoding` (the camera as captured and no cap when
 * undefined); null when there is no encoding yet (the sender is not negotiated), so there is
 * nothing to set.
 */
export function withEncoding(
  params: RTCRtpSendParameters,
  encoding: VideoEncoding | undefined,
): RTCRtpSendParameters | null {
  const [first, ...rest] = params.encodings ?? [];
  if (!first) return null;
  const set: RTCRtpEncodingParameters = { ...first };
  if (encoding?.maxBitrate === undefined) delete set.maxBitrate;
  else set.maxBitrate = encoding.maxBitrate;
  set.scaleResolutionDownBy = encoding?.scaleResolutionDownBy ?? 1;
  return { ...params, encodings: [set, ...rest] };
}

/** The part of an encoding {@linkcode sameEncoding} compares. */
type EncodingLike = Pick<RTCRtpEncodingParameters, "maxBitrate" | "scaleResolutionDownBy">;

/**
 * Whether two encodings ask for the same thing: a missing scale is the camera as captured, and
 * undefined is that with no cap.
 */
export function sameEncoding(a: EncodingLike | undefined, b: EncodingLike | undefined): boolean {
  return a?.maxBitrate === b?.maxBitrate &&
    (a?.scaleResolutionDownBy ?? 1) === (b?.scaleResolutionDownBy ?? 1);
}

/** Sets `sender`'s encoding; false when it cannot be set yet (see withEncoding). */
export async function encodeSender(
  sender: RTCRtpSender,
  encoding: VideoEncoding | undefined,
): Promise<boolean> {
  // setParameters takes only what the latest getParameters returned, in the same task.
  const current = sender.getParameters();
  const params = withEncoding(current, encoding);
  if (!params) return false;
  if (!sameEncoding(current.encodings[0], encoding)) await sender.setParameters(params);
  return true;
}
