/**
 * A peer connection's state as the call UI needs it: whether media is failing right now, and
 * whether it has been failing so long that the UI should say it gave up (ICE restarts go on
 * meanwhile, see PeerSession).
 */
import { computed, signal } from "@preact/signals";

/** How long ICE may stay failed or disconnected before the UI says it gave up. */
export const GIVE_UP_MS = 30_000;

/** Follows one connection's states (fed by {@linkcode ConnectionWatch.update}). */
export class ConnectionWatch {
  readonly state = signal<RTCPeerConnectionState>("new");
  /** Disconnected or failed: media is not flowing now. */
  readonly failing = computed(() =>
    this.state.value === "disconnected" || this.state.value === "failed"
  );
  /** True once the connection has been failing for `giveUpMs` ({@linkcode GIVE_UP_MS}). */
  readonly gaveUp = signal(false);
  #timer?: ReturnType<typeof setTimeout>;

  constructor(readonly giveUpMs = GIVE_UP_MS) {}

  update(state: RTCPeerConnectionState): void {
    this.state.value = state;
    if (state === "connected") {
      clearTimeout(this.#timer);
      this.gaveUp.value = false;
    } else if (this.failing.value) {
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => {
        if (this.state.value !== "connected") this.gaveUp.value = true;
      }, this.giveUpMs);
    }
  }

  /** A new connection replaces the one followed so far (the other side left and may return). */
  reset(): void {
    clearTimeout(this.#timer);
    this.state.value = "new";
    this.gaveUp.value = false;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
