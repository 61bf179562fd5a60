/**
 * Closes appointments whose join window has ended: every so often it asks the store for the ones
 * not final yet whose window closed, writes each one's end ("completed" if a call happened in it,
 * "missed" if not; see `statusAfterWindow`) and then has the hub close its room (4002).
 *
 * Its own timer and clock, so it is tested without waiting: call {@linkcode WindowCloser.check}.
 *
 * @example
 * ```ts
 * const closer = new WindowCloser({ store, now: Date.now, everyMs: 30_000, met, closed, failed });
 * closer.start();
 * // …
 * closer.stop();
 * ```
 */
import { isFinalStatus } from "../domain/appointments.ts";
import type { AppointmentStatus, Store } from "../domain/store.ts";

/** Options of {@linkcode WindowCloser}. */
export interface WindowCloserOptions {
  store: Store;
  /** Clock in epoch milliseconds. */
  now: () => number;
  /** How often {@linkcode WindowCloser.start} checks; 0 never starts the timer. */
  everyMs: number;
  /** Whether the hub saw a call in this appointment (an answer relayed in its open room). */
  met(appointmentId: string): boolean;
  /** The store has `status` for `appointmentId` now: close its room. */
  closed(appointmentId: string, professionalId: string, status: AppointmentStatus): void;
  /** A store call failed; the next check tries again. */
  failed(op: string, appointmentId: string, err: unknown): void;
}

/** Ends appointments once their join window has closed. */
export class WindowCloser {
  readonly #options: WindowCloserOptions;
  #timer?: ReturnType<typeof setInterval>;
  #running?: Promise<void>;

  constructor(options: WindowCloserOptions) {
    this.#options = options;
  }

  /** Checks every `everyMs` from now on. */
  start(): void {
    if (this.#timer !== undefined || this.#options.everyMs <= 0) return;
    this.#timer = setInterval(() => void this.check(), this.#options.everyMs);
  }

  /** Stops the timer and waits for a check under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** One check (at most one at a time: a check under way is joined, not doubled). */
  check(): Promise<void> {
    this.#running ??= this.#check().finally(() => this.#running = undefined);
    return this.#running;
  }

  async #check(): Promise<void> {
    const { store, now, met, closed, failed } = this.#options;
    let due;
    try {
      due = await store.listOpenAfterWindow(now());
    } catch (err) {
      return failed("listOpenAfterWindow", "", err);
    }
    for (const { appointment, callHappened } of due) {
      try {
        const after = await store.endAfterWindow(
          appointment.id,
          callHappened || met(appointment.id),
        );
        if (isFinalStatus(after.status)) closed(after.id, after.professionalId, after.status);
      } catch (err) {
        failed("endAfterWindow", appointment.id, err);
      }
    }
  }
}
