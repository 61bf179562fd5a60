/**
 * An instant call's door: someone who opened its share link (a share session, see
 * routes/join-video.ts) types their name and asks to join. `addVisitor` makes them a guest who
 * knocks; they then get a guest session and the appointment page, where they wait to be let
 * in. A bad name is asked again with the input kept; a full, ended or stopped call is a page
 * in plain words. Someone who already knocked from this browser goes straight to the page.
 */
import type { FreshContext, PageProps } from "$fresh/server.ts";
import type { Professional } from "../../../domain/store.ts";
import { addVisitor } from "../../../domain/guests.ts";
import { MAX_NAME_CHARS } from "../../../domain/names.ts";
import { appContext } from "../../../app/app_context.ts";
import { readBoundForm } from "../../../web/bound_form.ts";
import { CSRF_FIELD, csrfToken } from "../../../web/csrf.ts";
import { linkRefusalResponse, refusalResponse } from "../../../web/refusal.tsx";
import { limitRefusals } from "../../../web/refusal_limit.ts";
import {
  currentGuest,
  currentShare,
  GUEST_COOKIE,
  readCookie,
  SHARE_COOKIE,
} from "../../../web/session.ts";
import { startGuestSession } from "../../../web/person_session.ts";
import { seeOther } from "../../../web/see_other.ts";
import { t } from "../../../i18n/request_locale.ts";

interface Data {
  professional: Professional;
  csrf: string;
  name: string;
  error?: string;
}

type Ctx = FreshContext<Record<string, unknown>, Data>;

/** What the knock form's CSRF token is bound to: the share session it was shown to. */
const bound = (shareSession: string) => `knock:${shareSession}`;

export const handler = {
  GET(req: Request, ctx: Ctx) {
    return limitRefusals(ctx.remoteAddr.hostname, () => show(req, ctx));
  },
  POST(req: Request, ctx: Ctx) {
    return limitRefusals(ctx.remoteAddr.hostname, () => knock(req, ctx));
  },
};

async function show(req: Request, ctx: Ctx): Promise<Response> {
  const already = await alreadyKnocked(req, ctx.params.id);
  if (already) return already;
  const share = await currentShare(req, ctx.params.id);
  if (!share.ok) return linkRefusalResponse(share);
  return await render(req, ctx, share.professional, "");
}

async function knock(req: Request, ctx: Ctx): Promise<Response> {
  const session = readCookie(req, SHARE_COOKIE);
  const form = await readBoundForm(req, session === undefined ? undefined : bound(session), {
    expiredTitle: t("knock.expiredTitle"),
    expired: t("knock.expired"),
    noun: t("knock.noun"),
    next: t("knock.next"),
  });
  if (form instanceof Response) return form;
  const share = await currentShare(req, ctx.params.id);
  if (!share.ok) return linkRefusalResponse(share);
  const raw = form.get("name");
  const name = typeof raw === "string" ? raw : "";
  const { store, config } = appContext();
  const result = await addVisitor(store, share.appointment, name, {
    maxParticipants: config.maxParticipants,
  });
  if (result.ok) return await startGuestSession(share.appointment, result.guest, share.claims.exp);
  if (result.reason === "name") {
    return await render(req, ctx, share.professional, name, result.message, 400);
  }
  return refusalResponse({
    status: result.reason === "full" ? 409 : 410,
    title: t(result.reason === "full" ? "knock.fullTitle" : "knock.endedTitle"),
    message: result.message,
  });
}

/** A guest session of this call already held: their page, not a second knock. */
async function alreadyKnocked(req: Request, id: string): Promise<Response | null> {
  if (readCookie(req, GUEST_COOKIE) === undefined) return null;
  const guest = await currentGuest(req, id);
  if (!guest.ok) return null;
  return seeOther(`/appointments/${encodeURIComponent(id)}`);
}

async function render(
  req: Request,
  ctx: Ctx,
  professional: Professional,
  name: string,
  error?: string,
  status = 200,
): Promise<Response> {
  const csrf = await csrfToken(appContext().secret, bound(readCookie(req, SHARE_COOKIE)!));
  const res = await ctx.render({ professional, csrf, name, error }, { status });
  res.headers.set("Cache-Control", "no-store");
  return res;
}

export default function KnockPage({ data }: PageProps<Data>) {
  const { professional: p, error } = data;
  return (
    <main class="page narrow">
      <p class="brand">Frontdesk</p>
      <h1>{t("knock.title", { name: p.name })}</h1>
      <form method="post" class="card" novalidate>
        <input type="hidden" name={CSRF_FIELD} value={data.csrf} />
        <label for="name">{t("knock.yourName")}</label>
        <input
          id="name"
          name="name"
          autocomplete="name"
          maxLength={MAX_NAME_CHARS}
          required
          value={data.name}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={error ? "name-error" : undefined}
        />
        {error && <p id="name-error" class="field-error">{error}</p>}
        <p class="muted">{t("knock.seesName", { name: p.name })}</p>
        <p>
          <button type="submit" class="primary">{t("knock.ask")}</button>
        </p>
      </form>
    </main>
  );
}
