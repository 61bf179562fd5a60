/**
 * The hub's sockets: every one from its arrival, by session (counted against a cap) and by
 * appointment (closed together on a revoke or a cancel), and the admitted ones with their expiry
 * timers and the periodic sweep that finds silent ones.
 */
import type { Participant, Socket } from "./hub_socket.ts";
import { SocketGroups } from "./socket_groups.ts";

/** Longest delay `setTimeout` accepts. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What {@linkcode SocketRegistry} calls back into. */
export interface SocketRegistryOptions {
  now: () => number;
  /** How often to sweep while sockets are admitted; 0 never. */
  sweepEveryMs: number;
  sweep(): void;
  /** `s`'s session ended while it was open. */
  expired(s: Socket): void;
}

/** The sockets that count against one cap: a professional's, an appointment's client's, a guest's. */
function sessionKey(p: Participant): string {
  if (p.role === "pro") return `pro:${p.professionalId}`;
  if (p.role === "guest") return `guest:${p.guestId}`;
  return `client:${p.appointmentId}`;
}

/** The hub's sockets and their timers. */
export class SocketRegistry {
  /** Admitted sockets, not closed yet. */
  readonly #admitted = new Set<Socket>();
  /** Every socket from its arrival (before admission too), by {@linkcode sessionKey}. */
  readonly #bySession = new SocketGroups<Socket>();
  /** Every call socket from its arrival (standby too), by appointment id. */
  readonly #byAppointment = new SocketGroups<Socket>();
  readonly #options: SocketRegistryOptions;
  #sweepTimer: ReturnType<typeof setInterval> | undefined;

  constructor(options: SocketRegistryOptions) {
    this.#options = options;
  }

  /** Admitted sockets right now. */
  get size(): number {
    return this.#admitted.size;
  }

  /** A copy of the admitted sockets, safe to iterate while closing them. */
  admitted(): Socket[] {
    return [...this.#admitted];
  }

  /** How many sockets `p`'s session has, arrived or admitted. */
  countOfSession(p: Participant): number {
    return this.#bySession.count(sessionKey(p));
  }

  /** The call sockets of `appointmentId`, arrived or admitted, as a copy. */
  ofAppointment(appointmentId: string): Socket[] {
    return this.#byAppointment.members(appointmentId);
  }

  /** Files a newly arrived socket under its session and, for a call socket, its appointment. */
  arrive(s: Socket): void {
    this.#bySession.add(sessionKey(s.participant), s);
    const id = s.participant.appointmentId;
    if (id !== null) this.#byAppointment.add(id, s);
  }

  /** Admits `s`: arms its expiry timer, and the sweep if it is not running. */
  admit(s: Socket): void {
    const { now, sweepEveryMs, sweep, expired } = this.#options;
    this.#admitted.add(s);
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, s.participant.expiresAt - now()));
    s.expiryTimer = setTimeout(() => expired(s), delay);
    if (this.#sweepTimer === undefined && sweepEveryMs > 0) {
      this.#sweepTimer = setInterval(sweep, sweepEveryMs);
    }
  }

  /** Forgets `s`, admitted or not, and its timer; the sweep stops once none is left. */
  remove(s: Socket): void {
    clearTimeout(s.expiryTimer);
    this.#bySession.remove(sessionKey(s.participant), s);
    const id = s.participant.appointmentId;
    if (id !== null) this.#byAppointment.remove(id, s);
    this.#admitted.delete(s);
    if (this.#admitted.size === 0) this.stopSweeping();
  }

  stopSweeping(): void {
    clearInterval(this.#sweepTimer);
    this.#sweepTimer = undefined;
  }
}
