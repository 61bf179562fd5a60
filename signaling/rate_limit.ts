/**
 * A token bucket: `burst` messages at once, refilled at `perSecond`. One per
 * socket, so a flooding tab is closed without slowing anyone else.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.#tokens = burst;
    this.#last = now;
  }

  /** Spends one token at time `now` (epoch ms); false when the bucket is empty. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.#last);
    this.#last = Math.max(this.#last, now);
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed * this.perSecond) / 1000);
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
