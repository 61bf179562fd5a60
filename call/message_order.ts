/**
 * The order in which a call handles what the server sends. Whole-call messages (welcome, roster,
 * peer…) run one at a time, each after everything queued before it. Each remote participant's
 * negotiation messages (offer, answer, ice) run in their order, after the whole-call messages
 * queued before them; different participants' run side by side, so a page joining three people
 * answers them at once instead of one after another. A task that throws does not stop the ones
 * after it: one bad message must not stop the call.
 *
 * Browser module: no Deno APIs.
 */

type Task = () => Promise<void> | void;

const ignore = () => {/* the next task runs all the same */};

/** One call's queues of server messages (see the module doc). */
export class MessageOrder {
  #call: Promise<void> = Promise.resolve();
  readonly #peers = new Map<string, Promise<void>>();

  /**
   * Runs `task` after what it must follow: a whole-call task (no `from`) after everything queued
   * before it; one of participant `from`'s after their earlier ones and the whole-call tasks
   * before it.
   */
  run(task: Task, from?: string): void {
    if (from === undefined) {
      this.#call = Promise.all([this.#call, ...this.#peers.values()]).then(task).catch(ignore);
      return;
    }
    const own = this.#peers.get(from) ?? Promise.resolve();
    this.#peers.set(from, Promise.all([own, this.#call]).then(task).catch(ignore));
  }
}
