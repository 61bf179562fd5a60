/**
 * The strings an island needs, in the request's language, as a plain object for its props: only
 * the keys under one prefix, never a whole catalog (islands' props are inlined in the page).
 */
import { message, type MessageKey } from "./catalogs.ts";
import { currentLocale } from "./request_locale.ts";
import en from "./en.json" with { type: "json" };

/** Key prefixes whose messages islands format with fill.ts (plain `{name}` placeholders). */
export const ISLAND_PREFIXES = ["call.", "countdown.", "live.", "copy.", "tz."] as const;

/** One island's prefix. */
export type IslandPrefix = typeof ISLAND_PREFIXES[number];

/** The keys under `P`, without it: `call.mute` → `mute`. */
export type IslandKey<P extends IslandPrefix> = MessageKey extends infer K
  ? K extends `${P}${infer Rest}` ? Rest : never
  : never;

/** One island's strings. */
export type IslandStrings<P extends IslandPrefix> = Record<IslandKey<P>, string>;

/** The messages under `prefix` in the current language, keyed without the prefix. */
export function islandStrings<P extends IslandPrefix>(prefix: P): IslandStrings<P> {
  const locale = currentLocale();
  const out: Record<string, string> = {};
  for (const key of Object.keys(en) as MessageKey[]) {
    if (key.startsWith(prefix)) out[key.slice(prefix.length)] = message(locale, key);
  }
  return out as IslandStrings<P>;
}
