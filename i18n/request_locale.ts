/**
 * The language of the request being answered, kept for its whole handling (middleware, page,
 * refusal pages, mails it sends) in an AsyncLocalStorage that routes/_middleware.ts fills once.
 * Server components then call `t()` without threading the language through every prop; outside
 * a request (unit tests, start-up, timers) it is English unless a caller says otherwise with
 * {@linkcode withLocale}.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { DEFAULT_LOCALE, type Locale } from "./locales.ts";
import { type MessageValues, type RichValues, translator } from "./translator.ts";
import type { MessageKey } from "./catalogs.ts";
import type { ComponentChildren } from "preact";

/** What a request's pages need to speak its language. */
export interface LocaleScope {
  locale: Locale;
  /** The page's own path and query, where the language switcher comes back to. */
  path: string;
}

const storage = new AsyncLocalStorage<LocaleScope>();

/** Runs `fn` (and everything it awaits) in `scope`'s language. */
export function withLocale<T>(scope: LocaleScope | Locale, fn: () => T): T {
  const s = typeof scope === "string" ? { locale: scope, path: "/" } : scope;
  return storage.run(s, fn);
}

/** The current scope; English at "/" outside a request. */
export function localeScope(): LocaleScope {
  return storage.getStore() ?? { locale: DEFAULT_LOCALE, path: "/" };
}

/** The current language. */
export function currentLocale(): Locale {
  return localeScope().locale;
}

/** The message of `key` in the current language. */
export function t(key: MessageKey, values?: MessageValues): string {
  return translator(currentLocale()).t(key, values);
}

/** The rich message of `key` in the current language (see Translator.rich). */
export function rich(key: MessageKey, values: RichValues): ComponentChildren {
  return translator(currentLocale()).rich(key, values);
}
