/**
 * How long someone has waited, in words for the waiting queue: "waiting less than a minute",
 * "waiting 3 min", "waiting 1 h 05 min". Whole minutes, rounded down, so the words change
 * at most once a minute. In another language, with that language's templates.
 */

/** The words' templates (the catalogs' `live.waited.*`). */
export interface WaitedTemplates {
  lessThanMinute: string;
  minutes: string;
  hours: string;
}

const ENGLISH_WAITED: WaitedTemplates = {
  lessThanMinute: "waiting less than a minute",
  minutes: "waiting {minutes} min",
  hours: "waiting {hours} h {minutes} min",
};

/** How long since `sinceMs`, at `nowMs`. */
export function waitedWords(
  sinceMs: number,
  nowMs: number,
  words: WaitedTemplates = ENGLISH_WAITED,
): string {
  const minutes = Math.max(0, Math.floor((nowMs - sinceMs) / 60_000));
  if (minutes < 1) return words.lessThanMinute;
  if (minutes < 60) return words.minutes.replace("{minutes}", String(minutes));
  const hours = Math.floor(minutes / 60);
  return words.hours.replace("{hours}", String(hours))
    .replace("{minutes}", String(minutes % 60).padStart(2, "0"));
}
