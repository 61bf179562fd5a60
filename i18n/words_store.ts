/**
 * The words of one island in the page's language, for every part it renders (components and
 * plain modules alike) without threading them through each prop. The island installs them from
 * its props at the top of its render ({@linkcode WordsStore.set}); its parts read them with
 * `w(key)`. Server renders are synchronous, so one request's words cannot leak into another's
 * render. Client-safe: no catalog here, only the strings given.
 */
import type { IslandPrefix, IslandStrings } from "./island_strings.ts";
import { fill } from "./fill.ts";

/** One island's words and how to read them. */
export interface WordsStore<P extends IslandPrefix> {
  /** Installs the page's words. */
  set(words: Partial<IslandStrings<P>>): void;
  /** The word `key`, its `{name}` placeholders filled; the key itself when missing. */
  w(key: keyof IslandStrings<P>, values?: Record<string, string | number>): string;
}

/** A store for the words under `P`. */
export function wordsStore<P extends IslandPrefix>(): WordsStore<P> {
  let current: Partial<IslandStrings<P>> = {};
  return {
    set(words) {
      current = words;
    },
    w(key, values) {
      const template = current[key] ?? String(key);
      return values ? fill(template, values) : template;
    },
  };
}
