/**
 * What the call stage shows about each remote participant's connection, beyond the roster: the
 * quality bars (getStats via {@linkcode pollQuality}, per connection), whether media with them is
 * failing right now (the tile's "Reconnecting…"), and who the active speaker is (the large tile
 * with three or four people, see active_speaker.ts). Kept out of the CallController: it only
 * reads the connections the controller made. Browser module: no Deno APIs.
 *
 * @example
 * ```ts
 * const watch = new PeerWatch(() => [...call.sessions].map(([id, s]) => [id, s.pc]));
 * watch.start(); // …
 * watch.quality.value["client"]?.level; watch.speaker.value;
 * watch.stop();
 * ```
 */
import { signal } from "@preact/signals";
import { type ConnectionQuality, pollQuality } from "./connection_quality.ts";
import { pollActiveSpeaker } from "./active_speaker.ts";

/** The remote participants' connections now: [participant id, connection]. */
export type PeerConnections = () => Iterable<readonly [string, RTCPeerConnection]>;

/** How often the watch looks for connections that came or went. */
const RECONCILE_MS = 1_000;

/** Quality, failing connections and the active speaker, as signals (see the module doc). */
export class PeerWatch {
  /** The latest quality with each participant, by id. */
  readonly quality = signal<Record<string, ConnectionQuality>>({});
  /** Participants whose connection is disconnected or failed now, by id. */
  readonly failing = signal<Record<string, boolean>>({});
  /** The active speaker's id, or null before anyone spoke. */
  readonly speaker = signal<string | null>(null);

  #polls = new Map<RTCPeerConnection, { id: string; stop: () => void }>();
  #timer?: ReturnType<typeof setInterval>;
  #stopSpeaker?: () => void;

  constructor(
    readonly peers: PeerConnections,
    /** Whether participant `id`'s camera is on (a camera turned off sends almost no frames). */
    readonly videoExpected: (id: string) => boolean = () => true,
    /** Each new quality reading of participant `id`'s connection, as it comes. */
    readonly onQuality: (id: string, q: ConnectionQuality) => void = () => {},
  ) {}

  start(): void {
    if (this.#timer !== undefined) return;
    this.#reconcile();
    this.#timer = setInterval(() => this.#reconcile(), RECONCILE_MS);
    this.#stopSpeaker = pollActiveSpeaker(this.peers, (id) => this.speaker.value = id);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#stopSpeaker?.();
    for (const { stop } of this.#polls.values()) stop();
    this.#polls.clear();
  }

  /** A poll for each new connection, none for connections gone; the failing states read now. */
  #reconcile() {
    const now = new Map<RTCPeerConnection, string>();
    for (const [id, pc] of this.peers()) now.set(pc, id);
    for (const [pc, poll] of [...this.#polls]) {
      if (now.has(pc)) continue;
      poll.stop();
      this.#polls.delete(pc);
    }
    for (const [pc, id] of now) {
      if (this.#polls.has(pc)) continue;
      const stop = pollQuality(pc, (q) => {
        if (this.#polls.get(pc)?.id !== id) return;
        this.quality.value = { ...this.quality.value, [id]: q };
        this.onQuality(id, q);
      }, { videoExpected: () => this.videoExpected(id) });
      this.#polls.set(pc, { id, stop });
    }
    const ids = new Set(now.values());
    const quality = this.quality.value;
    if (Object.keys(quality).some((id) => !ids.has(id))) {
      this.quality.value = Object.fromEntries(
        Object.entries(quality).filter(([id]) => ids.has(id)),
      );
    }
    const failing: Record<string, boolean> = {};
    for (const [pc, id] of now) {
      if (pc.connectionState === "disconnected" || pc.connectionState === "failed") {
        failing[id] = true;
      }
    }
    const before = this.failing.value;
    const same = Object.keys(failing).length === Object.keys(before).length &&
      Object.keys(failing).every((id) => before[id]);
    if (!same) this.failing.value = failing;
  }
}
