/**
 * Store writes of the hub, run in the background: chained per appointment
 * (so each appointment's writes keep their order, and a burst across many
 * appointments costs O(1) each), failures reported and never thrown.
 */
export class WriteQueue {
  readonly #pending = new Set<Promise<boolean>>();
  /** The last write of each appointment; the next one runs after it. */
  readonly #last = new Map<string, Promise<boolean>>();

  constructor(readonly onError: (op: string, appointmentId: string, err: unknown) => void) {}

  /**
   * Runs `work` after `appointmentId`'s previous write; resolves true once it succeeded, false
   * once it failed (and was reported). Never rejects, so callers may ignore it.
   */
  run(appointmentId: string, op: string, work: () => Promise<void>): Promise<boolean> {
    const previous = this.#last.get(appointmentId) ?? Promise.resolve(true);
    const tracked: Promise<boolean> = previous.then(work)
      .then(() => true, (err) => {
        this.onError(op, appointmentId, err);
        return false;
      })
      .finally(() => {
        this.#pending.delete(tracked);
        if (this.#last.get(appointmentId) === tracked) this.#last.delete(appointmentId);
      });
    this.#last.set(appointmentId, tracked);
    this.#pending.add(tracked);
    return tracked;
  }

  /** Resolves once every write started so far has finished. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
