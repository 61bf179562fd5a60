/**
 * The dashboard's live words (the LiveAppointments island and the components it renders): the
 * catalogs' `live.` messages, installed by the island from its props. See i18n/words_store.ts.
 */
import type { IslandStrings } from "../i18n/island_strings.ts";
import { wordsStore } from "../i18n/words_store.ts";

/** The dashboard island's strings, keyed without their `live.` prefix. */
export type LiveWords = IslandStrings<"live.">;

const store = wordsStore<"live.">();

/** Installs the page's dashboard words. */
export const setLiveWords = store.set;

/** The dashboard word `key`, its `{name}` placeholders filled. */
export const lw = store.w;
