/**
 * The screens the others share, as this page receives them. Each arrives on a transceiver of
 * its own in a stream whose id the sharer announced first (the roster's `media.screen`, see
 * signaling/PROTOCOL.md, "Screen share"); a screen is shown only while its sharer's roster entry
 * still names that stream, so a share stopped from the bar or from the browser's own control
 * leaves the stage on every side as soon as the roster says so, whatever the track does.
 *
 * Browser module: no Deno APIs.
 */
import { signal } from "@preact/signals";
import type { RosterEntry } from "../signaling/protocol.ts";

/** One received screen: the stream id it was announced under and a stream of its track. */
export interface ReceivedScreen {
  streamId: string;
  stream: MediaStream;
}

/** The screens received, by participant id. */
export class RemoteScreens {
  readonly received = signal<Record<string, ReceivedScreen>>({});

  /** Participant `id`'s screen arrived. */
  set(id: string, streamId: string, stream: MediaStream): void {
    this.received.value = { ...this.received.value, [id]: { streamId, stream } };
  }

  /** Forgets what `id` sent (their session closed). */
  drop(id: string): void {
    if (!(id in this.received.peek())) return;
    const { [id]: _gone, ...rest } = this.received.peek();
    this.received.value = rest;
  }

  /** `entry`'s screen while they share it (their roster entry names the stream received). */
  screenOf(entry: RosterEntry, received = this.received.value): MediaStream | null {
    const announced = entry.media?.screen;
    const got = received[entry.id];
    return announced !== undefined && got?.streamId === announced ? got.stream : null;
  }
}
