/**
 * How the call stage arranges the remote participants' tiles (your own view is always a small
 * tile on top). Pure, so the rule is tested without a browser:
 *
 * - nobody else: the waiting panel ("alone");
 * - someone else sharing a screen: the screen is large and everyone's camera, the sharer's too,
 *   sits in the strip ("screen"; `large` is {@linkcode screenKey} of the sharer);
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
export type StageMode = "alone" | "single" | "grid" | "speaker" | "screen";

/** What {@linkcode stageLayout} decides. */
export interface StageLayout {
  mode: StageMode;
  /** The participant shown large ("single" and "speaker"), or a screen's key, else null. */
  large: string | null;
  /** Everyone else, in the roster's order (the grid, or the strip beside the large tile). */
  strip: string[];
}

/** The key of participant `id`'s shared screen on the stage (its tile's key). */
export function screenKey(id: string): string {
  return `screen:${id}`;
}

/**
 * The layout for the remote participants `ids` (roster order), the active `speaker`, and the
 * first of them sharing a screen (`sharer`).
 */
export function stageLayout(
  ids: readonly string[],
  speaker: string | null,
  sharer: string | null = null,
): StageLayout {
  if (ids.length === 0) return { mode: "alone", large: null, strip: [] };
  if (sharer !== null && ids.includes(sharer)) {
    return { mode: "screen", large: screenKey(sharer), strip: [...ids] };
  }
  if (ids.length === 1) return { mode: "single", large: ids[0], strip: [] };
  if (speaker !== null && ids.includes(speaker)) {
    return { mode: "speaker", large: speaker, strip: ids.filter((id) => id !== speaker) };
  }
  return { mode: "grid", large: null, strip: [...ids] };
}
