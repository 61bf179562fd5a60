/**
 * Reading a posted form that must come from a page this server gave one session: same
 * origin, capped at {@linkcode MAX_FORM_BYTES}, and a CSRF token bound to that session
 * (web/csrf.ts). The dashboard's forms, the switch question and the knock form differ only
 * in what they bind to and in their words.
 */
import { appContext } from "../app/app_context.ts";
import { CSRF_FIELD, isSameOrigin, verifyCsrf } from "./csrf.ts";
import { refusalResponse } from "./refusal.tsx";
import { MAX_FORM_BYTES, readForm } from "./request_body.ts";
import { t } from "../i18n/request_locale.ts";

/** The words of a refused form: its title when forged or stale, and what to do next. */
export interface FormWords {
  /** e.g. "This form has expired". */
  expiredTitle: string;
  /** Why, when forged or stale. */
  expired: string;
  /** What the form is, in "The … sent more than…" ("form", "confirmation"). */
  noun: string;
  /** The next step, e.g. "Go back to your dashboard and try again." */
  next: string;
}

/**
 * The form, or a page to send back (403 forged or stale, 413 too large, 400 unreadable).
 * `bound` is the value its CSRF token was made for; undefined (no session) is refused as stale.
 */
export async function readBoundForm(
  req: Request,
  bound: string | undefined,
  words: FormWords,
): Promise<FormData | Response> {
  const expired = () =>
    refusalResponse({ status: 403, title: words.expiredTitle, message: words.expired });
  if (!isSameOrigin(req) || bound === undefined) return expired();
  const body = await readForm(req, MAX_FORM_BYTES);
  if (!body.ok) {
    return refusalResponse(
      body.reason === "too_large"
        ? {
          status: 413,
          title: t("form.tooLarge.title"),
          message: t("form.tooLarge", { noun: words.noun, next: words.next }),
        }
        : {
          status: 400,
          title: t("form.unreadable.title"),
          message: t("form.unreadable", { noun: words.noun, next: words.next }),
        },
    );
  }
  if (!await verifyCsrf(appContext().secret, bound, body.value.get(CSRF_FIELD))) return expired();
  return body.value;
}
