/**
 * How the call stage arranges the remote participants' tiles (your own view is always a small
 * tile on top). Pure, so the rule is tested without a browser:
 *
 * - nobody else: the waiting panel ("alone");
 * - one other person: their tile fills the stage ("single");
 * - two or three others (three or four people) with someone speaking: the speaker's tile is
 *   large and the others sit in a strip beside or under it ("speaker");
 * - two or three others before anyone has spoken: an even grid ("grid").
 *
 * @example
 * ```ts
 * stageLayout(["pro", "guest:a"], "guest:a"); // { mode: "speaker", large: "guest:a", strip: ["pro"] }
 * ```
 */

/** The stage's arrangement of remote tiles. */
export type StageMode = "alone" | "single" | "grid" | "speaker";

/** What {@linkcode stageLayout} decides. */
export interface StageLayout {
  mode: StageMode;
  /** The participant shown large ("single" and "speaker"), else null. */
  large: string | null;
  /** Everyone else, in the roster's order (the grid, or the strip beside the large tile). */
  strip: string[];
}

/** The layout for the remote participants `ids` (roster order) and the active `speaker`. */
export function stageLayout(ids: readonly string[], speaker: string | null): StageLayout {
  if (ids.length === 0) return { mode: "alone", large: null, strip: [] };
  if (ids.length === 1) return { mode: "single", large: ids[0], strip: [] };
  if (speaker !== null && ids.includes(speaker)) {
    return { mode: "speaker", large: speaker, strip: ids.filter((id) => id !== speaker) };
  }
  return { mode: "grid", large: null, strip: [...ids] };
}
