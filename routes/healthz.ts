import type { Handlers } from "$fresh/server.ts";

/** Liveness probe: 200 with a small JSON body while the process serves. */
export const handler: Handlers = {
  GET() {
    return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
  },
};
