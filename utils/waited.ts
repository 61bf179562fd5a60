/**
 * How long someone has waited, in words for the waiting queue: "waiting less than a minute",
 * "waiting 3 min", "waiting 1 h 05 min". Whole minutes, rounded down, so the words change
 * at most once a minute.
 */
export function waitedWords(sinceMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - sinceMs) / 60_000));
  if (minutes < 1) return "waiting less than a minute";
  if (minutes < 60) return `waiting ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return `waiting ${hours} h ${String(minutes % 60).padStart(2, "0")} min`;
}
