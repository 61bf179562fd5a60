/**
 * The professional's optional reason for cancelling an appointment, shown to the client on the
 * cancelled page: checked like any text shown to someone else (names.ts), and may be empty.
 */
import { checkShownText, type TextCheck } from "./names.ts";
import { t } from "../i18n/t.ts";

/** Longest accepted reason, in characters. */
export const MAX_CANCEL_REASON_CHARS = 300;

/** The trimmed reason ("" when none was given), or a plain-English reason it cannot be used. */
export function checkCancelReason(raw: string): TextCheck {
  if (raw.trim() === "") return { ok: true, value: "" };
  return checkShownText(raw, {
    noun: t("text.noun.reason"),
    maxChars: MAX_CANCEL_REASON_CHARS,
    empty: "",
  });
}
