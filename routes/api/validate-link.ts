/**
 * The seed's validate-link endpoint, for non-browser clients: a client link
 * token in (`{"token": "…"}`), the appointment info a client may see out.
 */
import type { Handlers } from "$fresh/server.ts";
import { appContext } from "../../utils/app_context.ts";
import { resolveClientLink } from "../../domain/links.ts";
import { clientPhase, joinWindow } from "../../domain/appointments.ts";

/** Request bodies larger than this are refused unread. */
const MAX_BODY_BYTES = 8 * 1024;

function error(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status, headers: { "Cache-Control": "no-store" } });
}

export const handler: Handlers = {
  async POST(req) {
    if (!(req.headers.get("content-type") ?? "").includes("application/json")) {
      return error(415, "unsupported_media_type", 'Send JSON: {"token": "…"}');
    }
    const length = Number(req.headers.get("content-length") ?? "0");
    if (length > MAX_BODY_BYTES) return error(413, "too_large", "The request body is too large.");
    let body: unknown;
    try {
      const text = await req.text();
      if (text.length > MAX_BODY_BYTES) {
        return error(413, "too_large", "The request body is too large.");
      }
      body = JSON.parse(text);
    } catch {
      return error(400, "invalid_json", "The request body is not valid JSON.");
    }
    const token = (body as { token?: unknown } | null)?.token;
    if (typeof token !== "string") {
      return error(400, "missing_token", 'The JSON body needs a "token" string.');
    }
    const { store, secret } = appContext();
    const access = await resolveClientLink(store, secret, token);
    if (!access.ok) return error(access.status, access.reason, access.message);
    const { appointment: a, professional: p } = access;
    const { opensAt, closesAt } = joinWindow(a);
    return Response.json({
      appointment: {
        id: a.id,
        professionalName: p.name,
        startsAt: new Date(a.startsAt).toISOString(),
        durationMin: a.durationMin,
        status: a.status,
        phase: clientPhase(a, Date.now()),
        opensAt: new Date(opensAt).toISOString(),
        closesAt: new Date(closesAt).toISOString(),
      },
    }, { headers: { "Cache-Control": "no-store" } });
  },
};
