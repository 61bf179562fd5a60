/**
 * A per-address limit on refused links and sessions. Every refused token is
 * audited, so without a limit anyone could write audit rows as fast as they
 * can send requests. Each refused answer (401 or 410) costs the client
 * address one point; with none left, the link routes answer 429 with
 * `Retry-After` until the window ends. Successful links cost nothing, so
 * people opening their own links are never slowed down. In-process, like the
 * embedded store: each instance counts its own.
 */
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { refusalResponse } from "./refusal.tsx";
import { t } from "../i18n/request_locale.ts";

/** Refused answers one address may get per window. */
export const REFUSALS_PER_WINDOW = 30;
/** Length of the window, in seconds. */
export const REFUSAL_WINDOW_SEC = 60;

const limiter = new RateLimiterMemory({
  points: REFUSALS_PER_WINDOW,
  duration: REFUSAL_WINDOW_SEC,
});

/** Builds the 429 answer for a route (a page, or JSON for the API). */
export type TooManyAnswer = (retryAfterSec: number) => Response;

/**
 * Answers with `answer()` unless `address` has used up its refusals, then
 * with `tooMany` (a page by default). A 401 or 410 from `answer` counts.
 */
export async function limitRefusals(
  address: string,
  answer: () => Promise<Response>,
  tooMany: TooManyAnswer = tooManyPage,
): Promise<Response> {
  const used = await limiter.get(address);
  if (used && used.consumedPoints >= REFUSALS_PER_WINDOW) {
    return withRetryAfter(tooMany(retryAfter(used)), used);
  }
  const res = await answer();
  if (res.status === 401 || res.status === 410) {
    await limiter.consume(address).catch((over) => {
      if (!(over instanceof RateLimiterRes)) throw over;
    });
  }
  return res;
}

function retryAfter(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

function withRetryAfter(res: Response, used: RateLimiterRes): Response {
  res.headers.set("Retry-After", String(retryAfter(used)));
  res.headers.set("Cache-Control", "no-store");
  return res;
}

/** The human page of a 429. */
export function tooManyPage(retryAfterSec: number): Response {
  return refusalResponse({
    status: 429,
    title: t("limit.title"),
    message: t("limit.message", { seconds: retryAfterSec }),
  });
}
