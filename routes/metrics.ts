/**
 * Prometheus metrics of the signaling hub (open sockets, rooms, relayed and
 * rejected messages) and of the process's memory. Counts only, no identifiers; still, only scrapers on
 * the same machine may read them.
 */
import type { FreshContext } from "$fresh/server.ts";
import { appContext } from "../utils/app_context.ts";
import { renderProcessMetrics, renderPrometheus } from "../signaling/metrics.ts";

function isLoopback(host: string): boolean {
  return host === "::1" || host.startsWith("127.") || host === "::ffff:127.0.0.1";
}

export const handler = {
  GET(_req: Request, ctx: FreshContext) {
    if (!isLoopback(ctx.remoteAddr.hostname)) {
      return new Response("Metrics are served to the local machine only.\n", {
        status: 403,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      });
    }
    return new Response(renderPrometheus(appContext().hub.metrics()) + renderProcessMetrics(), {
      headers: {
        "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
        "Cache-Control": "no-store",
      },
    });
  },
};
