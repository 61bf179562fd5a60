/**
 * A peer connection's state as the call UI needs it: whether media is failing right now, and
 * whether it has been failing so long that the UI should say it gave up (ICE restarts go on
 * meanwhile, see PeerSession).
 *
 * Two clocks, because the two situations differ:
 * - a connection that never connected gives up as soon as ICE says `failed` (every candidate pair
 *   was tried and none works: on this network the call cannot connect, and a restart only tries
 *   the same candidates again), or after {@linkcode SETUP_GIVE_UP_MS} of trying;
 * - a connection that was up and is lost gives up after {@linkcode GIVE_UP_MS} since it was lost.
 *
 * Each clock starts once and only `connected` (or {@linkcode ConnectionWatch.reset}) stops it: the
 * failed → restart → connecting → failed cycle of ICE restarts must not push the verdict back
 * forever (issue 20: under symmetric NAT without TURN the page said "Connecting…" endlessly).
 */
import { computed, signal } from "@preact/signals";

/** How long an established connection may stay failed or disconnected before the UI gives up. */
export const GIVE_UP_MS = 30_000;

/** How long a first connection may take before the UI gives up (unless ICE fails sooner). */
export const SETUP_GIVE_UP_MS = 20_000;

/** Follows one connection's states (fed by {@linkcode ConnectionWatch.update}). */
export class ConnectionWatch {
  readonly state = signal<RTCPeerConnectionState>("new");
  /** Disconnected or failed: media is not flowing now. */
  readonly failing = computed(() =>
    this.state.value === "disconnected" || this.state.value === "failed"
  );
  /** True once the connection cannot be made or restored (see the module doc). */
  readonly gaveUp = signal(false);
  #timer?: ReturnType<typeof setTimeout>;
  #everConnected = false;

  constructor(readonly giveUpMs = GIVE_UP_MS, readonly setupGiveUpMs = SETUP_GIVE_UP_MS) {}

  update(state: RTCPeerConnectionState): void {
    this.state.value = state;
    if (state === "connected") {
      this.#stopClock();
      this.#everConnected = true;
      this.gaveUp.value = false;
    } else if (state === "failed" && !this.#everConnected) {
      this.#stopClock();
      this.gaveUp.value = true;
    } else if (state === "connecting" && !this.#everConnected) {
      this.#startClock(this.setupGiveUpMs);
    } else if (this.failing.value) {
      this.#startClock(this.#everConnected ? this.giveUpMs : this.setupGiveUpMs);
    }
  }

  /** A new connection replaces the one followed so far (the other side left and may return). */
  reset(): void {
    this.#stopClock();
    this.#everConnected = false;
    this.state.value = "new";
    this.gaveUp.value = false;
  }

  dispose(): void {
    this.#stopClock();
  }

  /** Starts the give-up clock unless it runs already or the verdict is in. */
  #startClock(ms: number): void {
    if (this.#timer !== undefined || this.gaveUp.value) return;
    this.#timer = setTimeout(() => {
      if (this.state.value !== "connected") this.gaveUp.value = true;
    }, ms);
  }

  #stopClock(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
