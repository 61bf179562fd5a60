/**
 * For tests and test pages only: installs the call screen's English words, read straight from
 * the English catalog (a real page gets its language's from the island's props).
 */
import en from "../../i18n/en.json" with { type: "json" };
import { type CallWords, setCallWords } from "./words.ts";

const PREFIX = "call.";

/** The English call words. */
export const ENGLISH_CALL_WORDS = Object.fromEntries(
  Object.entries(en).filter(([k]) => k.startsWith(PREFIX)).map(([k, v]) => [k.slice(5), v]),
) as CallWords;

setCallWords(ENGLISH_CALL_WORDS);
