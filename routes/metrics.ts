/**
 * Prometheus metrics of the signaling hub (open sockets, rooms, relayed and
 * rejected messages) and of the process's memory. Counts only, no identifiers;
 * still, not for everyone:
 *
 * - with `METRICS_TOKEN` set, every scraper (local or not) must send
 *   `Authorization: Bearer <token>`;
 * - without it, only a peer on the loopback interface is served. A reverse
 *   proxy on the same machine is such a peer for every visitor, so a request
 *   that carries a proxy's forwarding header is refused too (a safety net: a
 *   proxy that adds none is indistinguishable, hence the token).
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../app/app_context.ts";
import { hasBearerToken } from "../web/bearer_token.ts";
import { renderProcessMetrics, renderPrometheus } from "../signaling/metrics.ts";

const FORWARDING_HEADERS = ["Forwarded", "X-Forwarded-For", "X-Real-IP"];

function isLoopback(host: string): boolean {
  return host === "::1" || host.startsWith("127.") || host === "::ffff:127.0.0.1";
}

function refusal(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, {
    status,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "no-store",
      ...headers,
    },
  });
}

export const handler = {
  GET(req: Request, ctx: FreshContext) {
    const { config, hub } = appContext();
    if (config.metricsToken !== undefined) {
      if (!hasBearerToken(req, config.metricsToken)) {
        return refusal(401, "Metrics need Authorization: Bearer <METRICS_TOKEN>.\n", {
          "WWW-Authenticate": 'Bearer realm="metrics"',
        });
      }
    } else if (
      !isLoopback(ctx.remoteAddr.hostname) ||
      FORWARDING_HEADERS.some((name) => req.headers.has(name))
    ) {
      return refusal(
        403,
        "Metrics are served to the local machine only; set METRICS_TOKEN to scrape them " +
          "through a proxy or from elsewhere.\n",
      );
    }
    return new Response(
      renderPrometheus(hub.metrics()) + (hub.extraMetrics?.() ?? "") +
        renderProcessMetrics(),
      {
        headers: {
          "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
          "Cache-Control": "no-store",
        },
      },
    );
  },
};
