/**
 * The languages Frontdesk speaks. Client-safe (no imports): islands use it to format dates.
 */

/** Every supported language, English first: it is the fallback. */
export const LOCALES = ["en", "es", "fr"] as const;

/** One supported language. */
export type Locale = typeof LOCALES[number];

/** The language of a request that asks for none we speak. */
export const DEFAULT_LOCALE: Locale = "en";

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: "English",
  es: "Español",
  fr: "Français",
};

/** True when `value` names a supported language. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The tag `Intl` formats dates with. English keeps the day-month order and 24-hour clock the
 * app has always shown ("Sat 21 Nov 2026, 14:50").
 */
export function intlTag(locale: Locale): string {
  return locale === "en" ? "en-GB" : locale === "es" ? "es-ES" : "fr-FR";
}
