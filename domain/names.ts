/**
 * Validation of a person's display name (a client, a guest, or a professional). A name
 * is shown to other people, so it must look like what it is: invisible and
 * text-direction characters are refused, because "Alice\u202Egpj.exe" shows
 * as "Aliceexe.jpg" and "Ada\u200B" looks exactly like "Ada".
 */
import { t } from "../i18n/t.ts";

/** Longest accepted name, in characters. */
export const MAX_NAME_CHARS = 80;

/**
 * Characters refused anywhere in a name: controls (Cc), format characters
 * (Cf: bidi overrides and isolates, zero-width space, soft hyphen…) and the
 * line and paragraph separators (Zl, Zp).
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * The zero-width non-joiner and joiner, which Persian and Indic names and
 * emoji sequences need; allowed only between two visible characters.
 */
const JOINERS = new Set(["\u200C", "\u200D"]);
const JOINABLE = /[\p{L}\p{M}\p{N}\p{S}]/u;

/** A character that shows something: a letter, digit, punctuation or symbol that is not blank. */
const VISIBLE = /^(?!\p{Default_Ignorable_Code_Point})[\p{L}\p{N}\p{P}\p{S}]$/u;

/** What a check of shown text gives: the trimmed text, or a plain-English reason. */
export type TextCheck = { ok: true; value: string } | { ok: false; error: string };

/** The trimmed name, or a plain-English reason it cannot be used. */
export function checkPersonName(raw: string): TextCheck {
  return checkShownText(raw, {
    noun: t("text.noun.name"),
    maxChars: MAX_NAME_CHARS,
    empty: t("text.emptyName"),
  });
}

/** What {@linkcode checkShownText} calls the text, its longest length and its empty message. */
export interface ShownTextRules {
  noun: string;
  maxChars: number;
  empty: string;
}

/**
 * The rules of a name for any short text shown beside one (a guest's role word): trimmed,
 * `maxChars` at most, nothing invisible or text-direction, something visible.
 */
export function checkShownText(raw: string, rules: ShownTextRules): TextCheck {
  const { noun, maxChars } = rules;
  const value = raw.normalize("NFC").trim();
  if (value === "") return { ok: false, error: rules.empty };
  const chars = [...value];
  if (chars.length > maxChars) {
    return { ok: false, error: t("text.tooLong", { noun, max: maxChars }) };
  }
  const hidden = chars.findIndex((c, i) =>
    HIDDEN.test(c) &&
    !(JOINERS.has(c) && JOINABLE.test(chars[i - 1] ?? "") && JOINABLE.test(chars[i + 1] ?? ""))
  );
  if (hidden >= 0) {
    const code = chars[hidden].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    return {
      ok: false,
      error: t("text.hidden", { noun, code }),
    };
  }
  if (!chars.some((c) => VISIBLE.test(c))) {
    return {
      ok: false,
      error: t("text.noVisible", { noun }),
    };
  }
  return { ok: true, value };
}
