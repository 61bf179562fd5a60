/**
 * The call screen's words in the page's language: the catalogs' `call.` messages, installed by
 * CallView (and the dashboard island, whose waiting notes use them) from its `words` prop, and
 * read by every part of the call with {@linkcode w}. See i18n/words_store.ts. Tests install
 * English with call/ui/english_words.ts.
 */
import type { IslandStrings } from "../../i18n/island_strings.ts";
import { wordsStore } from "../../i18n/words_store.ts";

/** The call's strings, keyed without their `call.` prefix. */
export type CallWords = IslandStrings<"call.">;

const store = wordsStore<"call.">();

/** Installs the page's call words. */
export const setCallWords = store.set;

/** The call word `key`, its `{name}` placeholders filled. */
export const w = store.w;
