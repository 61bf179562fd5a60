/**
 * Browser code for tests/screen_share_browser_test.ts (bundled by it): one ScreenShare and what
 * it reported. Exposed as `window.share`.
 */
import "../../call/ui/english_words.ts";
import { canShareScreen, ScreenShare, type ShareEnd } from "../../call/screen_share.ts";

const ends: ShareEnd[] = [];
const screen = new ScreenShare({ onEnded: (how) => ends.push(how) });
/** The last track shared, kept after the share ended to look at it. */
let last: MediaStreamTrack | null = null;

const share = {
  canShare: () => canShareScreen(),
  async start() {
    const r = await screen.start();
    if (!r.ok) return r;
    last = r.track;
    return { ok: true, ...facts() };
  },
  stop: () => screen.stop(),
  /** What the browser's own "Stop sharing" control does to the track: ends it. */
  browserStops: () => {
    last!.stop();
    last!.dispatchEvent(new Event("ended"));
  },
  /** The last shared track, the signals, and the ends reported so far. */
  state: () => ({ ...facts(), sharing: screen.sharing.value, current: !!screen.track.value, ends }),
};

function facts() {
  return {
    label: last?.label,
    kind: last?.kind,
    contentHint: last?.contentHint,
    readyState: last?.readyState,
    displaySurface: (last?.getSettings() as { displaySurface?: string } | undefined)
      ?.displaySurface,
    width: last?.getSettings().width,
  };
}

/** What the page exposes as `window.share`. */
export type SharePage = typeof share;

Object.assign(globalThis, { share });
