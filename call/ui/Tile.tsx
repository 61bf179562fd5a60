/**
 * One person's tile on the call stage, presentational (props only): their video as `children`,
 * a name and role label ("Maria · Interpreter", "You"), a muted-microphone badge, initials
 * instead of black when the camera is off, quality bars, and a "Reconnecting…" overlay.
 *
 * The video element stays mounted while the camera is off (only hidden): a remote tile's
 * `<video>` also plays that person's sound.
 *
 * @example
 * ```tsx
 * <Tile name="Maria Ortiz" role="Interpreter" muted={!remote.micOn} cameraOff={!remote.camOn}
 *   quality={quality.value} reconnecting={watch.failing.value}>
 *   <VideoTile stream={stream} label="Maria Ortiz" />
 * </Tile>
 * ```
 */
import type { ComponentChildren } from "preact";
import type { ConnectionQuality } from "../connection_quality.ts";
import { Icon } from "./icons.tsx";
import { initialsOf } from "./initials.ts";
import { QualityBars } from "./QualityBars.tsx";
import { w } from "./words.ts";

/** Props of {@linkcode Tile}. */
export interface TileProps {
  /** The person's display name. */
  name: string;
  /** Their role in words ("Interpreter", "Professional"); none for a client. */
  role?: string;
  /** My own tile: labelled "You". */
  self?: boolean;
  /** Microphone off: the badge. */
  muted?: boolean;
  /** Camera off (or none): initials instead of the video. */
  cameraOff?: boolean;
  /** null or absent: no bars (my own tile). */
  quality?: ConnectionQuality | null;
  /** Media with this person is failing and being restored. */
  reconnecting?: boolean;
  /** The active speaker: a ring around the tile. */
  speaking?: boolean;
  /** A shared screen, not a camera ("Maria's screen"). */
  screen?: boolean;
  /** Extra classes (the stage's layout: large, small). */
  class?: string;
  /** The video element. */
  children?: ComponentChildren;
}

/** The label under a tile: "You", "Maria · Interpreter", "Maria's screen". */
export function tileLabel(p: Pick<TileProps, "name" | "role" | "self" | "screen">): string {
  if (p.screen) return p.self ? w("yourScreen") : w("theirScreen", { name: p.name });
  if (p.self) return w("you");
  return p.role ? `${p.name} · ${p.role}` : p.name;
}

/**
 * Whether the label shows a role beside the name. The role is its own span: on a narrow tile
 * (a phone's strip) it is left out and the name may take two lines, so the name itself stays
 * readable; the tile's accessible name always has both.
 */
function showsRole(p: Pick<TileProps, "role" | "self" | "screen">): boolean {
  return !p.self && !p.screen && Boolean(p.role);
}

/** A person's tile (see the module doc). */
export function Tile(p: TileProps) {
  const label = tileLabel(p);
  const classes = [
    "person-tile",
    p.self && "is-self",
    p.screen && "is-screen",
    p.cameraOff && !p.screen && "camera-off",
    p.speaking && "speaking",
    p.reconnecting && "reconnecting",
    p.class,
  ].filter(Boolean).join(" ");
  return (
    <div class={classes} role="group" aria-label={label} data-testid="tile">
      <div class="tile-media">{p.children}</div>
      {p.cameraOff && !p.screen && (
        <div class="tile-initials" aria-hidden="true" data-testid="tile-initials">
          <span>{initialsOf(p.name)}</span>
        </div>
      )}
      {p.reconnecting && (
        <div class="tile-overlay" role="status" data-testid="tile-reconnecting">
          {w("status.reconnecting")}
        </div>
      )}
      <div class="tile-bar">
        {p.muted && !p.screen && (
          <span class="tile-muted" role="img" aria-label={w("micOff")} data-testid="tile-muted">
            <Icon name="mic-off" />
          </span>
        )}
        <span class="tile-name">
          {showsRole(p)
            ? (
              <>
                {p.name}
                <span class="tile-role">{` · ${p.role}`}</span>
              </>
            )
            : label}
        </span>
        {p.quality && <QualityBars quality={p.quality} />}
      </div>
    </div>
  );
}
