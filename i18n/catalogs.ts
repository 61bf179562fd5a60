/**
 * The message catalogs: one flat JSON file per language, ICU MessageFormat strings
 * ("{name} is waiting", "{count, plural, one {# minute} other {# minutes}}"). English is the
 * reference: every key is English's, and catalogs_test.ts fails when another one lacks a key.
 * Server-only: islands get the few strings they need as props (see island_strings.ts).
 */
import en from "./en.json" with { type: "json" };
import es from "./es.json" with { type: "json" };
import fr from "./fr.json" with { type: "json" };
import type { Locale } from "./locales.ts";

/** Every message key (English's). */
export type MessageKey = keyof typeof en;

/** A catalog: the message of every key. */
export type Catalog = Record<MessageKey, string>;

/** The catalog of each language. */
export const CATALOGS: Record<Locale, Record<string, string>> = { en, es, fr };

/** The raw ICU message of `key` in `locale`, English when that catalog lacks it. */
export function message(locale: Locale, key: MessageKey): string {
  return CATALOGS[locale][key] ?? en[key];
}
