/**
 * Professionals' email addresses: checked with valibot's `email` rule and case-normalised (the
 * whole address lower-cased, so "Ada@Example.com" and "ada@example.com" are one account; no
 * mail system in use today tells local parts apart by case). Professionals created before
 * addresses existed hold a placeholder under the reserved `.invalid` domain (RFC 2606), which
 * can never receive mail and is refused as input.
 *
 * @example
 * checkEmail("  Ada@Example.COM ") // { ok: true, value: "ada@example.com" }
 */
import * as v from "valibot";
import { t } from "../i18n/t.ts";

/** The longest address SMTP carries (RFC 5321's path limit minus the brackets). */
export const MAX_EMAIL_LENGTH = 254;

/** Domain of the placeholder addresses; `.invalid` is reserved and never resolves. */
export const PLACEHOLDER_DOMAIN = "no-email.invalid";

const EMAIL = v.pipe(
  v.string(),
  v.trim(),
  v.normalize("NFC"),
  v.toLowerCase(),
  // Messages as functions: read when a check fails, in that request's language.
  v.nonEmpty(() => t("email.empty")),
  v.maxLength(MAX_EMAIL_LENGTH, () => t("email.tooLong", { max: MAX_EMAIL_LENGTH })),
  v.email(() => t("email.invalid")),
  v.check((s) => !s.endsWith(".invalid"), () => t("email.invalidDomain")),
);

/** The normalised address, or why `raw` is not one (plain words for a person). */
export function checkEmail(
  raw: unknown,
): { ok: true; value: string } | { ok: false; error: string } {
  if (typeof raw !== "string") return { ok: false, error: t("email.empty") };
  const result = v.safeParse(EMAIL, raw);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, error: result.issues[0].message };
}

/** The placeholder address of a professional without one (unique: it holds the id). */
export function placeholderEmail(professionalId: string): string {
  return `${professionalId}@${PLACEHOLDER_DOMAIN}`;
}

/** True for an address that cannot receive mail: one of the placeholders. */
export function isPlaceholderEmail(email: string): boolean {
  return email.endsWith(`@${PLACEHOLDER_DOMAIN}`);
}

/** Why a mail did not go out, in words for the professional. */
export type MailOutcome = { sent: true } | {
  sent: false;
  why: "no-mail" | "no-address" | "failed";
};
