/** How long until something, in short words for a countdown. */

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * `ms` from now as a countdown, rounded up to the second: "2 days 3 h", "1 h 05 min",
 * "15 min 58 s", "42 s"; "0 s" once it is time.
 */
export function countdownText(
  ms: number,
  dayWords: { day: string; days: string } = { day: "day", days: "days" },
): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${days} ${days === 1 ? dayWords.day : dayWords.days} ${hours} h`;
  if (hours > 0) return `${hours} h ${pad(minutes)} min`;
  if (minutes > 0) return `${minutes} min ${pad(seconds)} s`;
  return `${seconds} s`;
}
