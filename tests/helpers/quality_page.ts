/**
 * Browser code for tests/connection_quality_browser_test.ts (bundled by it): two connected peer
 * connections in one page, `a` sending a fake camera and microphone, the quality poller on
 * each end, and the active-speaker poller at `b`. Exposed as `window.quality`.
 */
import "../../call/ui/english_words.ts";
import { type ConnectionQuality, pollQuality } from "../../call/connection_quality.ts";
import { inboundAudioLevel, pollActiveSpeaker } from "../../call/active_speaker.ts";
import { connectPair } from "./peer_pair.ts";

const seen: Record<"a" | "b", ConnectionQuality[]> = { a: [], b: [] };
let pcs: { a: RTCPeerConnection; b: RTCPeerConnection } | null = null;
const stops: (() => void)[] = [];

const quality = {
  /** Connects the pair and polls both ends every `everyMs`. */
  async start(everyMs: number): Promise<void> {
    pcs = await connectPair({ media: "a" });
    for (const side of ["a", "b"] as const) {
      stops.push(pollQuality(pcs[side], (q) => seen[side].push(q), { everyMs }));
    }
  },
  /** Every quality reported so far, per end. */
  seen: () => seen,
  /** The level of `a`'s audio as `b` receives it. */
  audioLevelAtB: async () => inboundAudioLevel(await pcs!.b.getStats()),
  stop: () => stops.forEach((s) => s()),
  /** The active speakers `b` reported, from `a`'s audio (Chromium's fake microphone beeps). */
  speakers: [] as (string | null)[],
  /**
   * Plays what `b` receives, as the call's remote tile does (Chromium measures received audio
   * only while it is played out), and watches who speaks.
   */
  async watchSpeaker() {
    const audio = document.createElement("audio");
    audio.srcObject = new MediaStream(pcs!.b.getReceivers().map((r) => r.track));
    document.body.append(audio);
    await audio.play();
    stops.push(pollActiveSpeaker(() => [["a", pcs!.b]], (id) => quality.speakers.push(id), {
      everyMs: 200,
    }));
  },
  /** Closes `b`: its poller stops by itself. */
  closeB: () => pcs!.b.close(),
};

/** What the page exposes as `window.quality`. */
export type QualityPage = typeof quality;

Object.assign(globalThis, { quality });
