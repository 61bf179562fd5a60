/**
 * Store writes of the hub, run in the background: chained per appointment
 * (so each appointment's writes keep their order, and a burst across many
 * appointments costs O(1) each), failures reported and never thrown.
 */
export class WriteQueue {
  readonly #pending = new Set<Promise<void>>();
  /** The last write of each appointment; the next one runs after it. */
  readonly #last = new Map<string, Promise<void>>();

  constructor(readonly onError: (op: string, appointmentId: string, err: unknown) => void) {}

  /** Runs `work` after `appointmentId`'s previous write. */
  run(appointmentId: string, op: string, work: () => Promise<void>): void {
    const previous = this.#last.get(appointmentId) ?? Promise.resolve();
    const tracked: Promise<void> = previous.then(work)
      .catch((err) => this.onError(op, appointmentId, err))
      .finally(() => {
        this.#pending.delete(tracked);
        if (this.#last.get(appointmentId) === tracked) this.#last.delete(appointmentId);
      });
    this.#last.set(appointmentId, tracked);
    this.#pending.add(tracked);
  }

  /** Resolves once every write started so far has finished. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
