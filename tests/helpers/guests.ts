/**
 * The professional's guest forms and the links people are sent, driven without a browser
 * against the real server (see app_session.ts for the appointment and the client).
 */
import { Client, csrfFrom } from "./browserless_client.ts";

/** The guests listed on an appointment page: id, name and their own link (null for visitors). */
export function guestsFrom(html: string): { id: string; name: string; link: string | null }[] {
  const rows = html.split('<li class="guest" data-guest-id="').slice(1);
  return rows.map((whole) => {
    const row = whole.slice(0, whole.indexOf("</li>"));
    const id = row.slice(0, row.indexOf('"'));
    const name = row.match(/<strong>([^<]*)<\/strong>/)?.[1] ?? "";
    const link = row.match(/(https?:\/\/[^"<\s]+\/join-video\?token=[A-Za-z0-9._-]+)/)?.[1] ?? null;
    return { id, name, link };
  });
}

/** The field error shown under the add-guest form's `field` ("name" or "role"), if any. */
export function guestFieldError(html: string, field: "name" | "role"): string | undefined {
  return html.match(new RegExp(`<p id="guest-${field}-error" class="field-error">([^<]*)</p>`))
    ?.[1];
}

/** Posts the add-guest form of appointment `id` as `pro` (a fresh CSRF token of `pro`'s session unless given). */
export async function postGuest(
  pro: Client,
  id: string,
  fields: { name: string; role: string; csrf?: string },
): Promise<{ status: number; location: string | null; text: string }> {
  const csrf = fields.csrf ?? csrfFrom((await pro.get("/dashboard")).text);
  const res = await pro.postForm(`/dashboard/appointments/${id}/guests`, { ...fields, csrf });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

/** Posts a guest's "Withdraw link" (`revoke`) or "Remove" button as `pro`. */
export async function postGuestAction(
  pro: Client,
  id: string,
  guestId: string,
  action: "revoke" | "remove",
): Promise<Response> {
  const csrf = csrfFrom((await pro.get("/dashboard")).text);
  const res = await pro.postForm(`/dashboard/appointments/${id}/guests/${guestId}/${action}`, {
    csrf,
  });
  await res.body?.cancel();
  return res;
}

/** Opens `link` (any /join-video link) in `client`, following nothing: the first answer. */
export async function open(client: Client, link: string): Promise<Response> {
  const u = new URL(link);
  const res = await client.fetch(u.pathname + u.search);
  return res;
}
