/**
 * Security headers on every response. Scripts run only with the per-request
 * nonce (no 'unsafe-inline'); links carry tokens, so no Referer ever leaves.
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../app/app_context.ts";
import { negotiateLocale } from "../i18n/negotiate.ts";
import { withLocale } from "../i18n/request_locale.ts";
import { backPath } from "../i18n/back_path.ts";

/** Builds the Content-Security-Policy for one response. */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Powerful features this app uses, for its own origin only; everything else off. Screen sharing
 * (display-capture) is the call screen's: a tutor or doctor shows a document.
 */
export const PERMISSIONS_POLICY = [
  "camera=(self)",
  "microphone=(self)",
  "speaker-selection=(self)",
  "display-capture=(self)",
  "geolocation=()",
].join(", ");

export async function handler(req: Request, ctx: FreshContext): Promise<Response> {
  // The language is picked once; everything this request renders or mails speaks it.
  const locale = negotiateLocale(req);
  ctx.state.locale = locale;
  const res = await withLocale({ locale, path: backPath(ctx.url) }, () => ctx.next());
  // Upgrade responses and redirects keep their own headers untouched.
  if (res.status === 101) return res;
  const h = res.headers;
  h.set("Content-Security-Policy", contentSecurityPolicy(ctx.nonce));
  h.set("X-Content-Type-Options", "nosniff");
  h.set("Referrer-Policy", "no-referrer");
  h.set("X-Frame-Options", "DENY");
  h.set("Cross-Origin-Opener-Policy", "same-origin");
  h.set("Permissions-Policy", PERMISSIONS_POLICY);
  if (h.get("Content-Type")?.startsWith("text/html")) {
    h.set("Content-Language", locale);
    h.append("Vary", "Accept-Language, Cookie");
  }
  if (appContext().secure) {
    h.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
  return res;
}
