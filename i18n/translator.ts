/**
 * `t()` for one language: formats a catalog message with intl-messageformat (plurals, selects,
 * numbers), compiling each message once per language.
 */
import { IntlMessageFormat } from "intl-messageformat";
import type { ComponentChildren } from "preact";
import { message, type MessageKey } from "./catalogs.ts";
import { intlTag, type Locale } from "./locales.ts";

/** Values for a message's placeholders. */
export type MessageValues = Record<string, string | number | Date>;

/** Values for a rich message: placeholders, and tags (`<link>…</link>`) as functions. */
export type RichValues = Record<
  string,
  string | number | Date | ComponentChildren | ((chunks: ComponentChildren[]) => ComponentChildren)
>;

/** Translates into one language. */
export interface Translator {
  locale: Locale;
  /** The plain-text message of `key`. */
  t(key: MessageKey, values?: MessageValues): string;
  /** The message of `key` as Preact children, its tags rendered by the functions in `values`. */
  rich(key: MessageKey, values: RichValues): ComponentChildren;
}

const compiled = new Map<string, IntlMessageFormat>();

function format(locale: Locale, key: MessageKey): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let f = compiled.get(id);
  if (!f) {
    f = new IntlMessageFormat(message(locale, key), intlTag(locale));
    compiled.set(id, f);
  }
  return f;
}

const translators = new Map<Locale, Translator>();

/** The translator of `locale` (one per language, kept). */
export function translator(locale: Locale): Translator {
  let tr = translators.get(locale);
  if (!tr) {
    tr = {
      locale,
      t: (key, values) => String(format(locale, key).format(values)),
      rich: (key, values) => format(locale, key).format(values as never) as ComponentChildren,
    };
    translators.set(locale, tr);
  }
  return tr;
}
