/**
 * Browser code for tests/mesh_sessions_browser_test.ts (bundled by it): three participants of a call in
 * one page, the way the full-mesh call will connect them. Each has its own LocalMedia; "me"
 * (a client, id c2) has one PeerSession per other participant, all fed by its one LocalMedia.
 * Signaling is a direct hand-over between the two sessions of a pair, in order, as the hub
 * relays it. Exposed as `window.mesh`.
 */
import "../../call/ui/english_words.ts";
import { LocalMedia } from "../../call/local_media.ts";
import { PeerSession } from "../../call/peer_session.ts";
import { type CallParticipant, pairRoles } from "../../call/pair_rule.ts";
import type { SessionMessage } from "../../signaling/protocol.ts";

/** One participant: who, their camera and microphone, and their session per remote id. */
interface Participant {
  who: CallParticipant;
  media: LocalMedia;
  sessions: Map<string, PeerSession>;
  /** Offers made or received, per remote id. */
  offers: Map<string, number>;
}

const participant = (id: string, role: CallParticipant["role"]): Participant => ({
  who: { id, role },
  media: new LocalMedia(),
  sessions: new Map(),
  offers: new Map(),
});

const me = participant("c2", "client");
const others = [participant("pro", "pro"), participant("c1", "client")];

/** Hands `msg` to `to`'s session with `from`, after everything `from` sent it before. */
function relay(from: Participant, to: Participant) {
  let queue = Promise.resolve();
  return (msg: SessionMessage) => {
    queue = queue.then(async () => {
      const session = to.sessions.get(from.who.id)!;
      if (msg.type === "offer" || msg.type === "answer") {
        await session.handleDescription({ type: msg.type, sdp: msg.sdp });
      } else if (msg.type === "ice") {
        await session.handleCandidate(msg.candidate);
      }
    }).catch((err) => console.error("relay", err));
  };
}

function open(self: Participant, remote: Participant) {
  const session = new PeerSession({
    remoteId: remote.who.id,
    ...pairRoles(self.who, remote.who),
    config: { iceServers: [] },
    media: self.media,
    send: relay(self, remote),
    onTrack() {},
    onConnectionState() {},
  });
  self.offers.set(remote.who.id, 0);
  session.pc.addEventListener("signalingstatechange", () => {
    if (session.pc.signalingState.startsWith("have-")) {
      self.offers.set(remote.who.id, self.offers.get(remote.who.id)! + 1);
    }
  });
  self.sessions.set(remote.who.id, session);
}

/** My session with each other participant's id. */
const mine = () => [...me.sessions.entries()];

const mesh = {
  /** Starts everyone's media and connects me with each of the others. */
  async start(): Promise<void> {
    await Promise.all([me, ...others].map((p) => p.media.start()));
    for (const other of others) {
      open(me, other);
      open(other, me);
    }
  },
  /** Whether every pair's connection is up. */
  connected: () =>
    [me, ...others].every((p) =>
      [...p.sessions.values()].every((s) => s.pc.connectionState === "connected")
    ),
  /** How many cameras my device menu lists (it fills in just after start). */
  cameras: () => me.media.devices.value.videoinput.length,
  /** Which end of each of my pairs is polite / offers first, by remote id. */
  roles: () => Object.fromEntries(mine().map(([id, s]) => [id, s.opts.polite])),
  /** The device id of my camera, and what each of my video senders carries. */
  senders: () => {
    const camera = me.media.stream.value?.getVideoTracks()[0];
    return {
      camera: camera?.getSettings().deviceId,
      cameraLive: camera?.readyState === "live",
      byRemote: Object.fromEntries(
        mine().map(([id, s]) => {
          const sender = s.pc.getSenders().find((x) => x.track?.kind === "video");
          return [id, {
            same: sender?.track === camera,
            enabled: sender?.track?.enabled,
            maxBitrate: sender?.getParameters().encodings[0]?.maxBitrate,
          }];
        }),
      ),
    };
  },
  /** Video bytes each other participant has received from me. */
  async receivedFromMe(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const other of others) {
      let bytes = 0;
      (await other.sessions.get(me.who.id)!.pc.getStats()).forEach((r) => {
        if (r.type === "inbound-rtp" && r.kind === "video") bytes += r.bytesReceived ?? 0;
      });
      out[other.who.id] = bytes;
    }
    return out;
  },
  /** Offers on every connection so far, "<participant>→<remote>". */
  offers: () =>
    Object.fromEntries(
      [me, ...others].flatMap((p) => [...p.offers].map(([id, n]) => [`${p.who.id}→${id}`, n])),
    ),
  /** Switches my camera to another colour camera (not Chromium's depth camera, fake_device_1). */
  async switchCamera(): Promise<string> {
    const current = me.media.stream.value?.getVideoTracks()[0].getSettings().deviceId;
    const target = me.media.devices.value.videoinput.find((d) =>
      d.deviceId !== current && d.label !== "fake_device_1"
    )!;
    await me.media.switchDevice("videoinput", target.deviceId);
    return target.deviceId;
  },
  toggleCam: () => me.media.toggleCam(),
  /** Caps every one of my video senders at `bps`. */
  cap: (bps: number) =>
    Promise.all(
      mine().map(([, s]) => s.setVideoEncoding({ maxBitrate: bps, scaleResolutionDownBy: 1 })),
    ),
};

/** What the page exposes as `window.mesh`. */
export type Mesh = typeof mesh;

Object.assign(globalThis, { mesh });
