/**
 * The seed's validate-link endpoint, for non-browser clients: a client link
 * token in (`{"token": "…"}`), the appointment info a client may see out.
 */
import type { Handlers } from "$fresh/server.ts";
import { appContext } from "../../app/app_context.ts";
import { resolveClientLink } from "../../domain/links.ts";
import { clientPhase, joinWindow } from "../../domain/appointments.ts";
import { MAX_JSON_BYTES, readJson } from "../../web/request_body.ts";
import { limitRefusals } from "../../web/refusal_limit.ts";

function error(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status, headers: { "Cache-Control": "no-store" } });
}

const tooMany = (retryAfterSec: number) =>
  error(429, "too_many_refusals", `Too many refused links; retry in ${retryAfterSec} s.`);

export const handler: Handlers = {
  POST(req, ctx) {
    return limitRefusals(ctx.remoteAddr.hostname, () => validate(req), tooMany);
  },
};

async function validate(req: Request): Promise<Response> {
  if (!(req.headers.get("content-type") ?? "").includes("application/json")) {
    return error(415, "unsupported_media_type", 'Send JSON: {"token": "…"}');
  }
  const body = await readJson(req, MAX_JSON_BYTES);
  if (!body.ok) {
    return body.reason === "too_large"
      ? error(413, "too_large", `The request body is larger than ${MAX_JSON_BYTES} bytes.`)
      : error(400, "invalid_json", "The request body is not valid JSON.");
  }
  const token = (body.value as { token?: unknown } | null)?.token;
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
}
