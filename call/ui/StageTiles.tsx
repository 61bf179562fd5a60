import type { ComponentChildren } from "preact";
import type { CallController } from "../call_controller.ts";
import type { ConnectionQuality } from "../connection_quality.ts";
import type { PeerWatch } from "../peer_watch.ts";
import { screenKey, stageLayout } from "../stage_layout.ts";
import { memo } from "./memo.ts";
import { Tile } from "./Tile.tsx";
import { VideoTile } from "./VideoTile.tsx";
import { roleWord } from "./role_words.ts";
import { w } from "./words.ts";

/** Bars with nothing lit until the first two reports are in. */
const NOT_MEASURED: ConnectionQuality = {
  level: "unknown",
  rttMs: null,
  lossPercent: null,
  jitterMs: null,
  fps: null,
  sendBps: null,
  receiveBps: null,
  sendEstimateBps: null,
};

/**
 * The stage's tiles: one per remote participant in the roster (present or away, never an empty
 * tile for someone not there), laid out by stage_layout.ts, and your own small tile. Every tile
 * is a direct child of one grid, keyed by participant, so a layout change moves tiles without
 * restarting their videos. `waiting` fills the stage when nobody else is in. A screen someone
 * shares is a tile of its own, large, with every camera (the sharer's too) beside it.
 */
export function StageTiles(
  props: { call: CallController; watch: PeerWatch; waiting: ComponentChildren },
) {
  const c = props.call;
  const remotes = c.remotes.value;
  const sharer = remotes.find((r) => r.screen !== null) ?? null;
  const layout = stageLayout(
    remotes.map((r) => r.id),
    props.watch.speaker.value,
    sharer?.id ?? null,
  );
  const pip = layout.mode === "alone" || layout.mode === "single";
  const sinkId = c.media.selected.value.audiooutput;
  return (
    <div
      class="stage-tiles"
      data-mode={layout.mode}
      data-count={remotes.length + 1}
      style={{ "--strip": layout.strip.length + (pip ? 0 : 1) }}
    >
      {layout.mode === "alone" && props.waiting}
      {sharer && layout.mode === "screen" && (
        <div
          key={screenKey(sharer.id)}
          class="stage-cell stage-large stage-screen"
          data-screen={sharer.id}
        >
          <Tile name={sharer.name} screen>
            <VideoTile
              stream={sharer.screen}
              label={w("theirScreen", { name: sharer.name })}
              class="screen"
              testId="screen-video"
            />
          </Tile>
        </div>
      )}
      {remotes.map((r) => (
        <div
          key={r.id}
          class={`stage-cell${r.id === layout.large ? " stage-large" : ""}`}
          data-participant={r.id}
        >
          <RemoteTile
            name={r.name}
            role={r.label ?? roleWord(r.role)}
            muted={r.media?.audio === false}
            // Initials, not black, until their video arrives too.
            cameraOff={r.media?.video === false || !r.stream}
            reconnecting={r.presence === "away"}
            stream={r.stream}
            quality={props.watch.quality.value[r.id] ?? NOT_MEASURED}
            failing={props.watch.failing.value[r.id] === true}
            speaking={layout.mode !== "single" && layout.mode !== "screen" &&
              props.watch.speaker.value === r.id}
            sinkId={sinkId}
          />
        </div>
      ))}
      <div
        key="self"
        class={`stage-cell stage-self${pip ? " stage-pip" : ""}`}
        data-testid={audioOnly(c) ? "self-audio-only" : undefined}
      >
        <SelfTile call={c} />
      </div>
    </div>
  );
}

/**
 * One remote participant's tile, given only what it shows: the stage draws its tiles again on
 * every arrival, track and quality report, and a tile whose props are the same is skipped.
 */
const RemoteTile = memo(function RemoteTile(props: {
  name: string;
  role: string;
  muted: boolean;
  cameraOff: boolean;
  reconnecting: boolean;
  stream: MediaStream | null;
  quality: ConnectionQuality;
  failing: boolean;
  speaking: boolean;
  sinkId?: string;
}) {
  return (
    <Tile
      name={props.name}
      role={props.role}
      muted={props.muted}
      cameraOff={props.cameraOff}
      quality={props.quality}
      reconnecting={props.reconnecting || props.failing}
      speaking={props.speaking}
    >
      <VideoTile
        stream={props.stream}
        label={w("theirVideo", { name: props.name })}
        sinkId={props.sinkId}
      />
    </Tile>
  );
});

/** This page sends sound only (no camera, or it was refused). */
function audioOnly(c: CallController): boolean {
  const stream = c.media.stream.value;
  return stream !== null && stream.getVideoTracks().length === 0;
}

/**
 * Your own tile: your camera (mirrored), and while you share, a small preview of the screen the
 * others see, so you know what they are looking at.
 */
const SelfTile = memo(function SelfTile(props: { call: CallController }) {
  const media = props.call.media;
  const noCamera = audioOnly(props.call);
  const screen = props.call.screen.stream.value;
  return (
    <Tile
      name={props.call.me.value?.name ?? w("you")}
      self
      muted={!media.micOn.value}
      cameraOff={noCamera || !media.camOn.value}
    >
      {!noCamera && <VideoTile stream={media.stream.value} self label={w("yourCamera")} />}
      {screen && (
        <div class="self-screen" data-testid="self-screen">
          <VideoTile stream={screen} muted label={w("yourScreen")} testId="self-screen-video" />
          <span class="self-screen-label" aria-hidden="true">{w("yourScreen")}</span>
        </div>
      )}
    </Tile>
  );
});
