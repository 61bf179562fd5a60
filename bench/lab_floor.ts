/**
 * The network lab's floor for call set-up: the same two browsers as the app's call (each behind
 * its own NAT), one RTCPeerConnection in a page of each, the same ICE servers as the app's call,
 * and no signaling server: the bench driver itself hands offer, answer and candidates from one
 * page to the other (a Playwright binding out of one page, an evaluate into the other).
 *
 * It follows the app's order. The client's camera and microphone are up, its offer made and its
 * candidates gathered before the clock starts (in the app the client waits with them: its offer
 * and candidates are held on the server for the professional). The clock starts on the
 * professional's page just before its getUserMedia, from a new same-origin iframe (a new capture
 * source, as the professional's page opens in the app, and as the loopback floor does: the page's
 * own getUserMedia came back in ~13 ms, a source kept running) and runs to the first remote frame
 * on both pages (videoWidth poll, as the in-page floors). Times are epoch ms in each page: both browsers run on this machine's one clock.
 */
import type { Page } from "playwright-core";
import { startingEncoding, videoEncodingFor } from "../call/sender_bitrate.ts";

/** What the driver relays between the two pages. */
export type FloorMessage =
  | { type: "offer" | "answer"; sdp: string }
  | { type: "ice"; candidate: RTCIceCandidateInit };

/** What one floor call took: ms from the professional's start to each page's first frame. */
export interface LabFloorTimes {
  both: number;
  pro: number;
  client: number;
  /** The selected pair on the professional's side, "local/remote" candidate types. */
  pair: string;
}

/** The in-page side (`window.__floorPeer`), installed by {@linkcode installFloorPeer}. */
interface FloorPeer {
  reset(): void;
  media(constraints: MediaStreamConstraints): Promise<void>;
  /** Creates the connection; returns when the clock started (epoch ms, before getUserMedia). */
  open(
    opts: {
      config: RTCConfiguration;
      constraints: MediaStreamConstraints;
      offer: boolean;
      /** The camera sender's encoding, set before the first frame (the app's start). */
      encoding: { maxBitrate?: number; scaleResolutionDownBy: number };
    },
  ): Promise<number>;
  receive(msg: FloorMessage): void;
  gathered(): Promise<void>;
  firstFrame(): Promise<number>;
  pair(): Promise<string>;
  close(): void;
}

type FloorWindow = {
  __floorPeer: FloorPeer;
  __floorSend(msg: FloorMessage): Promise<void>;
};

/**
 * Init script (self-contained: Playwright sends its source): `window.__floorPeer`, one peer
 * connection at a time. Messages received before `open` wait for it, in order.
 */
export function installFloorPeer(): void {
  const w = window as unknown as FloorWindow;
  const now = () => performance.timeOrigin + performance.now();
  let pc: RTCPeerConnection | null = null;
  let stream: MediaStream | null = null;
  let video: HTMLVideoElement | null = null;
  let cameraFrame: HTMLIFrameElement | null = null;
  let queue: Promise<void> = Promise.resolve();
  let opened: () => void = () => {};
  let isOpen: Promise<void> = Promise.resolve();
  let frame: Promise<number> = Promise.resolve(0);
  const peer: FloorPeer = {
    reset() {
      peer.close();
      queue = Promise.resolve();
      isOpen = new Promise((r) => opened = r);
    },
    async media(constraints) {
      stream = await navigator.mediaDevices.getUserMedia(constraints);
    },
    async open({ config, constraints, offer, encoding }) {
      const startedAt = now();
      if (!stream) {
        const frame = document.createElement("iframe");
        cameraFrame = frame;
        frame.allow = "camera; microphone";
        document.body.append(frame);
        stream = await frame.contentWindow!.navigator.mediaDevices.getUserMedia(constraints);
      }
      const conn = new RTCPeerConnection(config);
      pc = conn;
      const v = document.createElement("video");
      video = v;
      v.muted = true;
      v.autoplay = true;
      v.playsInline = true;
      document.body.append(v);
      conn.ontrack = (e) => {
        if (v.srcObject !== e.streams[0]) v.srcObject = e.streams[0];
      };
      frame = new Promise<number>((resolve, reject) => {
        const deadline = now() + 30_000;
        const check = () => {
          if (v.videoWidth > 0) resolve(now());
          else if (now() > deadline) reject(new Error("no frame in 30 s"));
          else setTimeout(check, 4);
        };
        check();
      });
      conn.onicecandidate = (e) => {
        if (e.candidate) {
          void w.__floorSend({ type: "ice", candidate: e.candidate.toJSON() });
        }
      };
      for (const t of stream.getTracks()) conn.addTrack(t, stream);
      const sender = conn.getSenders().find((s) => s.track?.kind === "video");
      const params = sender?.getParameters();
      if (sender && params?.encodings[0]) {
        params.encodings[0].maxBitrate = encoding.maxBitrate;
        params.encodings[0].scaleResolutionDownBy = encoding.scaleResolutionDownBy;
        await sender.setParameters(params);
      }
      opened();
      if (offer) {
        await conn.setLocalDescription();
        void w.__floorSend({ type: "offer", sdp: conn.localDescription!.sdp });
      }
      return startedAt;
    },
    receive(msg) {
      queue = queue.then(async () => {
        await isOpen;
        const conn = pc!;
        if (msg.type === "ice") {
          return await conn.addIceCandidate(msg.candidate);
        }
        await conn.setRemoteDescription({ type: msg.type, sdp: msg.sdp });
        if (msg.type === "offer") {
          await conn.setLocalDescription();
          void w.__floorSend({
            type: "answer",
            sdp: conn.localDescription!.sdp,
          });
        }
      }).catch((err) => console.error(`floor: ${err}`));
    },
    gathered() {
      const conn = pc!;
      return new Promise<void>((resolve) => {
        const check = () => {
          if (conn.iceGatheringState === "complete") resolve();
          else setTimeout(check, 10);
        };
        check();
      });
    },
    firstFrame: () => frame,
    async pair() {
      const stats = await pc!.getStats();
      let out = "?";
      stats.forEach((r) => {
        if (r.type !== "transport" || !r.selectedCandidatePairId) return;
        const p = stats.get(r.selectedCandidatePairId);
        const type = (id: string) => stats.get(id)?.candidateType ?? "?";
        if (p) out = `${type(p.localCandidateId)}/${type(p.remoteCandidateId)}`;
      });
      return out;
    },
    close() {
      pc?.close();
      pc = null;
      for (const t of stream?.getTracks() ?? []) t.stop();
      stream = null;
      video?.remove();
      video = null;
      cameraFrame?.remove();
      cameraFrame = null;
    },
  };
  w.__floorPeer = peer;
}

/** The two floor pages, each in its own browser, and the driver's relay between them. */
export class LabFloor {
  /** Each direction's deliveries, one after another, in the order they were sent. */
  #lanes = new Map<Page, Promise<void>>();

  private constructor(readonly pro: Page, readonly client: Page) {}

  /**
   * Opens the floor pages on `url` (the app's origin: the lab's browsers treat it as secure, so
   * it may use the camera) and wires the relay.
   */
  static async open(pro: Page, client: Page, url: string): Promise<LabFloor> {
    const floor = new LabFloor(pro, client);
    for (const [page, other] of [[pro, client], [client, pro]]) {
      await page.addInitScript(installFloorPeer);
      await page.exposeBinding("__floorSend", (_source, msg: FloorMessage) => {
        floor.#deliver(other, msg);
      });
      await page.goto(url);
    }
    return floor;
  }

  #deliver(to: Page, msg: FloorMessage): void {
    const lane = this.#lanes.get(to) ?? Promise.resolve();
    this.#lanes.set(
      to,
      lane.then(() =>
        to.evaluate(
          (m) => (window as unknown as FloorWindow).__floorPeer.receive(m),
          msg,
        )
      ).catch(
        () => {/* the page went away: the call fails on its own deadline */},
      ),
    );
  }

  /** One floor call with `config` (the app's ICE servers) and the app's `constraints`. */
  async call(
    config: RTCConfiguration,
    constraints: MediaStreamConstraints,
  ): Promise<LabFloorTimes> {
    const { pro, client } = this;
    type W = FloorWindow;
    const encoding = startingEncoding(videoEncodingFor(1));
    const opts = (offer: boolean) => ({ config, constraints, offer, encoding });
    try {
      for (const page of [pro, client]) {
        await page.evaluate(() => (window as unknown as W).__floorPeer.reset());
      }
      // The client, as it waits in the app: media up, offer made, candidates gathered.
      await client.evaluate(async (o) => {
        const peer = (window as unknown as W).__floorPeer;
        await peer.media(o.constraints);
        await peer.open(o);
        await peer.gathered();
      }, opts(true));
      const startedAt = await pro.evaluate(
        (o) => (window as unknown as W).__floorPeer.open(o),
        opts(false),
      );
      const [proAt, clientAt] = await Promise.all(
        [pro, client].map((page) =>
          page.evaluate(() => (window as unknown as W).__floorPeer.firstFrame())
        ),
      );
      const pair = await pro.evaluate(() => (window as unknown as W).__floorPeer.pair());
      return {
        both: Math.max(proAt, clientAt) - startedAt,
        pro: proAt - startedAt,
        client: clientAt - startedAt,
        pair,
      };
    } finally {
      for (const page of [pro, client]) {
        await page.evaluate(() => (window as unknown as W).__floorPeer.close())
          .catch(() => {});
      }
    }
  }
}
