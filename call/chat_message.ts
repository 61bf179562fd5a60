/**
 * The in-call chat's one frame, as it crosses a peer-to-peer RTCDataChannel (never the server):
 * a valibot schema, so a frame from a buggy or hostile peer is refused rather than shown.
 *
 * @example
 * ```ts
 * channel.send(encodeChatMessage(newChatMessage("Running late", "Ada Lovelace")));
 * const msg = parseChatFrame(event.data); // null when refused
 * ```
 *
 * Browser module: no Deno APIs.
 */
import * as v from "valibot";

/** Longest text, in characters (UTF-16 code units, as the input's maxLength counts them). */
export const MAX_CHAT_TEXT = 2_000;
/** Longest display name carried in a frame. */
export const MAX_CHAT_NAME = 100;
/** Frames longer than this (characters) are refused before parsing: 2,000 characters of text, escaped, fit. */
export const MAX_CHAT_FRAME = 16 * 1024;

/** One chat message. */
export const ChatMessageSchema = v.strictObject({
  type: v.literal("chat"),
  /** Version of the frame; a newer one is refused until understood. */
  v: v.literal(1),
  /** Random, per message (crypto.randomUUID()): duplicates are dropped. */
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** When the sender sent it (ms since the epoch, their clock). */
  sentAt: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The sender's display name, as they gave it (the receiver knows who the channel is with). */
  from: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_CHAT_NAME)),
  text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_CHAT_TEXT)),
});

/** One chat message, as sent. */
export type ChatMessage = v.InferOutput<typeof ChatMessageSchema>;

/** A new message from `from`; null when `text` is empty or longer than {@linkcode MAX_CHAT_TEXT}. */
export function newChatMessage(text: string, from: string, now = Date.now()): ChatMessage | null {
  const parsed = v.safeParse(ChatMessageSchema, {
    type: "chat",
    v: 1,
    id: crypto.randomUUID(),
    sentAt: Math.floor(now),
    from,
    text,
  });
  return parsed.success ? parsed.output : null;
}

/** The frame for `msg`. */
export const encodeChatMessage = (msg: ChatMessage): string => JSON.stringify(msg);

/** The message in a received frame, or null: binary, too long, not JSON or not a chat message. */
export function parseChatFrame(data: unknown): ChatMessage | null {
  if (typeof data !== "string" || data.length > MAX_CHAT_FRAME) return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = v.safeParse(ChatMessageSchema, json);
  return parsed.success ? parsed.output : null;
}
