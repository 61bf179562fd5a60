/**
 * Emails each client with an address on file a reminder `leadMs` before their appointment.
 * Every instance sharing the store runs one; each reminder is claimed in the store first
 * (`Store.claimReminder`), so exactly one instance sends it. Checks at start and then every
 * `everyMs`. A reminder whose mail fails is not sent again (the audit trail says it failed):
 * the client still has the invitation.
 *
 * @example
 * ```ts
 * const reminders = new ReminderSender({ store, leadMs: 3_600_000, send: (a) => mail(a) });
 * reminders.start(); // … reminders.stop();
 * ```
 */
import type { Appointment, Store } from "../domain/store.ts";
import { log } from "../utils/log.ts";

/** How often a server looks for reminders that are due. */
export const REMINDER_CHECK_MS = 60_000;

export interface ReminderOptions {
  store: Pick<Store, "listDueReminders" | "claimReminder">;
  leadMs: number;
  send(appointment: Appointment): Promise<unknown>;
  everyMs?: number;
  now?: () => number;
}

export class ReminderSender {
  #timer?: ReturnType<typeof setInterval>;
  #running: Promise<number> | undefined;

  constructor(readonly opts: ReminderOptions) {}

  /** Checks now, then every `everyMs`. */
  start(): void {
    if (this.#timer !== undefined) return;
    void this.check();
    this.#timer = setInterval(() => void this.check(), this.opts.everyMs ?? REMINDER_CHECK_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Sends the reminders due now that this instance claims; resolves with how many it sent. */
  check(): Promise<number> {
    this.#running ??= this.#check().finally(() => this.#running = undefined);
    return this.#running;
  }

  async #check(): Promise<number> {
    const now = (this.opts.now ?? Date.now)();
    let sent = 0;
    try {
      for (const appt of await this.opts.store.listDueReminders(now, this.opts.leadMs)) {
        if (!await this.opts.store.claimReminder(appt.id, now)) continue;
        await this.opts.send(appt);
        sent++;
      }
    } catch (err) {
      log.error("reminders not checked", { error: String(err) });
    }
    return sent;
  }
}
