/**
 * Which language a request gets: the `fd_lang` cookie the switcher sets, else the best match of
 * `Accept-Language` (negotiator), else English.
 */
import Negotiator from "negotiator";
import { parseCookie } from "cookie";
import { DEFAULT_LOCALE, isLocale, type Locale, LOCALES } from "./locales.ts";

/** The cookie that keeps the language chosen with the switcher. */
export const LANG_COOKIE = "fd_lang";

/** The best supported language for an `Accept-Language` header, or English. */
export function localeFromAcceptLanguage(header: string | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const best = new Negotiator({ headers: { "accept-language": header } })
    .language([...LOCALES]);
  return isLocale(best) ? best : DEFAULT_LOCALE;
}

/** The language of `req`: the switcher's cookie wins over the browser's languages. */
export function negotiateLocale(req: Request): Locale {
  const chosen = parseCookie(req.headers.get("cookie") ?? "")[LANG_COOKIE];
  if (isLocale(chosen)) return chosen;
  return localeFromAcceptLanguage(req.headers.get("accept-language"));
}
