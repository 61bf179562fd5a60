/**
 * The dashboard's search by client name (`?q=`): what may be searched for, and which
 * appointments match. Matching ignores case and accents, so "zoe" finds "Zoë".
 */
import type { Appointment } from "./store.ts";
import { appointmentTitle } from "./appointments.ts";
import { MAX_NAME_CHARS } from "./names.ts";
import { t } from "../i18n/t.ts";

/** A search as read from the query string: the words to find, or why it cannot be used. */
export type ClientSearch = { ok: true; query: string } | { ok: false; error: string };

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Reads `?q=`: trimmed ("" means no search), at most a name's length, nothing invisible. */
export function parseClientSearch(raw: string | null): ClientSearch {
  const query = (raw ?? "").trim();
  if (query.length > MAX_NAME_CHARS) {
    return { ok: false, error: t("search.tooLong", { max: MAX_NAME_CHARS }) };
  }
  if (HIDDEN.test(query)) {
    return { ok: false, error: t("search.invisible") };
  }
  return { ok: true, query };
}

/** Lower case, without accents: how names are compared. */
function folded(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase("en");
}

/** Whether `appt`'s client name (or "Instant call") contains `query`; "" matches everything. */
export function matchesClient(
  appt: Pick<Appointment, "kind" | "clientName">,
  query: string,
): boolean {
  return folded(appointmentTitle(appt)).includes(folded(query));
}
