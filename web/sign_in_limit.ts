/**
 * Limits on asking for sign-in links, so the form cannot be used to flood someone's inbox or
 * to probe many addresses: {@linkcode PER_ADDRESS} requests per email address and
 * {@linkcode PER_CLIENT} per client address in each {@linkcode SIGN_IN_WINDOW_SEC}. Counted
 * the same whether or not the address has an account, so the limit tells nothing either.
 * In-process, like the refusal limit (refusal_limit.ts).
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/** Sign-in links one email address may be sent per window. */
export const PER_ADDRESS = 5;
/** Sign-in requests one client address may make per window. */
export const PER_CLIENT = 20;
/** Length of the window, in seconds. */
export const SIGN_IN_WINDOW_SEC = 15 * 60;

const byAddress = new RateLimiterMemory({ points: PER_ADDRESS, duration: SIGN_IN_WINDOW_SEC });
const byClient = new RateLimiterMemory({ points: PER_CLIENT, duration: SIGN_IN_WINDOW_SEC });

/** Seconds to wait when over a limit, else null. Each call costs a point of each given key. */
export async function consumeSignIn(
  keys: { client: string; email?: string },
): Promise<number | null> {
  const spent = [byClient.consume(keys.client)];
  if (keys.email !== undefined) spent.push(byAddress.consume(keys.email));
  const results = await Promise.allSettled(spent);
  let wait = 0;
  for (const r of results) {
    if (r.status === "fulfilled") continue;
    if (!(r.reason instanceof RateLimiterRes)) throw r.reason;
    wait = Math.max(wait, Math.ceil(r.reason.msBeforeNext / 1000));
  }
  return wait > 0 ? wait : null;
}
