/**
 * The video bitrate each peer connection may send. In a full-mesh call every participant uploads
 * its camera once per remote participant, so the upload budget is shared among them; the cap is
 * set on the sender (`RTCRtpSender.setParameters`, `encodings[0].maxBitrate`), which needs no
 * renegotiation.
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

/** The video bitrate for each of `peers` remote participants: budget / peers, within the bounds. */
export function videoBitrateFor(peers: number, limits = DEFAULT_BITRATE_LIMITS): number {
  const share = limits.budget / Math.max(1, Math.floor(peers));
  return Math.round(Math.min(limits.ceiling, Math.max(limits.floor, share)));
}

/**
 * `params` with the first encoding capped at `bps` (no cap when undefined); null when there is no
 * encoding yet (the sender is not negotiated), so there is nothing to cap.
 */
export function withMaxBitrate(
  params: RTCRtpSendParameters,
  bps: number | undefined,
): RTCRtpSendParameters | null {
  const [first, ...rest] = params.encodings ?? [];
  if (!first) return null;
  const capped: RTCRtpEncodingParameters = { ...first };
  if (bps === undefined) delete capped.maxBitrate;
  else capped.maxBitrate = bps;
  return { ...params, encodings: [capped, ...rest] };
}

/** Caps `sender` at `bps`; false when it cannot be capped yet (see withMaxBitrate). */
export async function capSender(sender: RTCRtpSender, bps: number | undefined): Promise<boolean> {
  // setParameters takes only what the latest getParameters returned, in the same task.
  const current = sender.getParameters();
  const params = withMaxBitrate(current, bps);
  if (!params) return false;
  if (params.encodings[0].maxBitrate !== current.encodings[0].maxBitrate) {
    await sender.setParameters(params);
  }
  return true;
}
