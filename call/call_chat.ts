/**
 * The chat of one call page: a ChatChannels (call/chat_channel.ts) fed with each peer connection
 * the CallController makes (its `onPeerConnection`, which runs at the moment chat_channel.ts
 * asks for: before that end's first offer or answer), and whether the chat panel is open, so
 * messages read there do not count as unread. Peer to peer: nothing goes through the server.
 * Browser module: no Deno APIs.
 *
 * @example
 * ```ts
 * const chat = new CallChat(() => call.me.value?.name ?? "");
 * const call = new CallController({ ...opts, onPeerConnection: chat.attach });
 * ```
 */
import { signal } from "@preact/signals";
import { ChatChannels } from "./chat_channel.ts";

/** One call page's chat (see the module doc). */
export class CallChat {
  /** Whether the chat panel is open. */
  readonly open = signal(false);
  readonly channels: ChatChannels;

  constructor(selfName: () => string) {
    const open = this.open;
    this.channels = new ChatChannels({
      // Read at each message: the name comes with the room's welcome, after this is made.
      get selfName() {
        return selfName();
      },
      panelOpen: () => open.peek(),
    });
  }

  /** Opens the chat's channel on a new connection with participant `id`. */
  attach = (id: string, pc: RTCPeerConnection): void => {
    this.channels.addPeer(id, pc);
  };

  /** Opens or closes the panel; opening it reads everything. */
  setOpen(open: boolean): void {
    this.open.value = open;
    if (open) this.channels.markRead();
  }

  /** The call is over: every channel closes (the messages go with this object). */
  close(): void {
    this.channels.close();
  }
}
