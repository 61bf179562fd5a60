/** Initials for a tile whose camera is off. Browser module: no Deno APIs. */
const LETTER = /\p{L}|\p{N}|\p{Extended_Pictographic}/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The first letters of a name's first and last words ("Maria José García" → "MG", "Ada" → "A"),
 * by grapheme so accents and emoji survive; "?" for a name without letters.
 */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter((w) => LETTER.test(w));
  if (words.length === 0) return "?";
  const first = (w: string) => {
    // Skip leading punctuation: "(Maria)" → "M".
    for (const { segment } of graphemes.segment(w)) {
      if (LETTER.test(segment)) {
        return segment.toLocaleUpperCase();
      }
    }
    return "";
  };
  const picked = words.length === 1 ? [words[0]] : [words[0], words[words.length - 1]];
  return picked.map(first).join("");
}
