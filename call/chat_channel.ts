/**
 * The in-call chat: one negotiated RTCDataChannel per peer connection (both ends open it with the
 * same id, so neither waits for the other's `datachannel` event), every message sent to each
 * peer directly — never through or stored on the server, gone when the page is. One
 * {@linkcode ChatChannels} per call holds the messages of every channel as signals for the chat
 * panel, and the unread count for its badge.
 *
 * When to open a peer's channel, so it rides on the negotiation already happening: the end that
 * offers first opens it before its first offer; the answering end opens it once it has set the
 * first remote offer, before answering. Opened earlier, on an end that is not offering, it would
 * fire `negotiationneeded` and make that end offer too.
 *
 * @example
 * ```ts
 * const chat = new ChatChannels({ selfName: "Ada Lovelace" });
 * chat.addPeer("pro", session.pc);
 * chat.send("Can you see my screen?");
 * chat.messages.value; chat.unread.value; chat.markRead();
 * ```
 *
 * Browser module: no Deno APIs.
 */
import { computed, signal } from "@preact/signals";
import {
  type ChatMessage,
  encodeChatMessage,
  MAX_CHAT_TEXT,
  newChatMessage,
  parseChatFrame,
} from "./chat_message.ts";

/** The id of the chat's negotiated data channel on every peer connection. */
export const CHAT_CHANNEL_ID = 1;
/** Its label (shown in chrome://webrtc-internals). */
export const CHAT_CHANNEL_LABEL = "chat";
/** Messages kept for the panel; older ones drop off. */
export const MAX_CHAT_HISTORY = 500;

/** A message in the panel: as sent, who it came from (null: me), and when it arrived. */
export interface ChatEntry extends ChatMessage {
  /** The peer id whose channel it came on; null for my own. */
  peerId: string | null;
  /** When it was sent or received here (this clock). */
  at: number;
}

/** What {@linkcode ChatChannels.send} did. */
export type SendResult =
  | { ok: true; entry: ChatEntry; delivered: number }
  | { ok: false; reason: "empty" | "too-long" | "no-peer" };

/** Options of {@linkcode ChatChannels}. */
export interface ChatOptions {
  /** My display name, sent with each message. */
  selfName: string;
  /** Whether the panel is open now (messages are read as they come); false by default. */
  panelOpen?: () => boolean;
  now?: () => number;
}

/** The chat of one call: a data channel per peer, the messages, the unread count. */
export class ChatChannels {
  readonly messages = signal<readonly ChatEntry[]>([]);
  /** Messages from others since the panel was last read. */
  readonly unread = signal(0);
  /** Frames refused (not a chat message, too long, a duplicate), for diagnostics. */
  readonly refused = signal(0);
  /** Peer ids whose channel is open. */
  readonly openPeers = signal<readonly string[]>([]);
  /** Whether a message can go anywhere now. */
  readonly canSend = computed(() => this.openPeers.value.length > 0);
  #channels = new Map<string, RTCDataChannel>();
  #seen = new Set<string>();
  #now: () => number;

  constructor(readonly opts: ChatOptions) {
    this.#now = opts.now ?? Date.now;
  }

  /** Opens the chat channel on `pc` for the peer `peerId` (see the module doc for when). */
  addPeer(peerId: string, pc: RTCPeerConnection): RTCDataChannel {
    this.removePeer(peerId);
    const channel = pc.createDataChannel(CHAT_CHANNEL_LABEL, {
      negotiated: true,
      id: CHAT_CHANNEL_ID,
      ordered: true,
    });
    this.#channels.set(peerId, channel);
    const opened = () => {
      // A channel replaced since (the peer came back) no longer speaks for the peer.
      if (this.#channels.get(peerId) === channel) {
        this.#setOpen(peerId, channel.readyState === "open");
      }
    };
    channel.addEventListener("open", opened);
    channel.addEventListener("close", opened);
    channel.addEventListener("message", (e) => {
      if (this.#channels.get(peerId) === channel) this.#receive(peerId, e.data);
    });
    opened();
    return channel;
  }

  /** Closes and forgets `peerId`'s channel (they left); their messages stay in the panel. */
  removePeer(peerId: string): void {
    const channel = this.#channels.get(peerId);
    if (!channel) return;
    this.#channels.delete(peerId);
    channel.close();
    this.#setOpen(peerId, false);
  }

  /** Sends `text` to every peer whose channel is open, and shows it as mine. */
  send(text: string): SendResult {
    if (text.trim().length === 0) return { ok: false, reason: "empty" };
    if (text.trim().length > MAX_CHAT_TEXT) return { ok: false, reason: "too-long" };
    const open = [...this.#channels.values()].filter((c) => c.readyState === "open");
    if (open.length === 0) return { ok: false, reason: "no-peer" };
    const msg = newChatMessage(text, this.opts.selfName, this.#now());
    if (!msg) return { ok: false, reason: "empty" };
    const frame = encodeChatMessage(msg);
    for (const channel of open) channel.send(frame);
    this.#seen.add(msg.id);
    const entry: ChatEntry = { ...msg, peerId: null, at: this.#now() };
    this.#append(entry);
    return { ok: true, entry, delivered: open.length };
  }

  /** The panel was opened or is open: everything so far is read. */
  markRead(): void {
    this.unread.value = 0;
  }

  /** Closes every channel (the call ended); the messages go with this object. */
  close(): void {
    for (const id of [...this.#channels.keys()]) this.removePeer(id);
  }

  #receive(peerId: string, data: unknown) {
    const msg = parseChatFrame(data);
    if (!msg || this.#seen.has(msg.id)) {
      this.refused.value++;
      return;
    }
    this.#seen.add(msg.id);
    this.#append({ ...msg, peerId, at: this.#now() });
    if (!this.opts.panelOpen?.()) this.unread.value++;
  }

  #append(entry: ChatEntry) {
    const all = [...this.messages.peek(), entry];
    this.messages.value = all.length > MAX_CHAT_HISTORY ? all.slice(-MAX_CHAT_HISTORY) : all;
  }

  #setOpen(peerId: string, open: boolean) {
    const others = this.openPeers.peek().filter((id) => id !== peerId);
    const next = open ? [...others, peerId] : others;
    if (next.length !== this.openPeers.peek().length) this.openPeers.value = next;
  }
}
