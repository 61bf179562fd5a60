/**
 * The in-call chat panel, presentational: the messages as a log (read out by screen readers as
 * they come), a text box of at most 2,000 characters (Enter sends, Shift+Enter is a new line),
 * and a word on privacy. {@linkcode ChatAnnouncer} reads new messages out while the panel is
 * closed. Feed both from a ChatChannels (call/chat_channel.ts).
 *
 * @example
 * ```tsx
 * <ChatPanel id="chat-panel" messages={chat.messages.value} canSend={chat.canSend.value}
 *   nameOf={(peerId) => roster.nameOf(peerId)} onSend={(t) => chat.send(t).ok}
 *   onClose={() => (chatOpen.value = false)} />
 * ```
 */
import { useRef, useState } from "preact/hooks";
import type { ChatEntry } from "../chat_channel.ts";
import { MAX_CHAT_TEXT } from "../chat_message.ts";
import { w } from "./words.ts";

/** Props of {@linkcode ChatPanel}. */
export interface ChatPanelProps {
  /** The panel's id (the chat button's aria-controls). */
  id: string;
  messages: readonly ChatEntry[];
  /** Someone is there to receive a message. */
  canSend: boolean;
  /**
   * The name to show for a peer's message: the room's name for that participant. A frame's own
   * `from` is what the sender claims, shown only when this gives nothing.
   */
  nameOf?(peerId: string): string | undefined;
  /** Sends `text`; true when it went (the box is then cleared). */
  onSend(text: string): boolean;
  onClose(): void;
}

/** Who a message is from, in words. */
export const senderOf = (m: ChatEntry, nameOf?: (peerId: string) => string | undefined) =>
  m.peerId === null ? w("you") : nameOf?.(m.peerId) ?? m.from;

const timeOf = (at: number) =>
  new Date(at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

/** Characters left when they are few enough to say. */
const LEFT_WARNING = 200;

/** The chat panel (see the module doc). */
export function ChatPanel(p: ChatPanelProps) {
  const [text, setText] = useState("");
  const box = useRef<HTMLTextAreaElement>(null);
  const left = MAX_CHAT_TEXT - text.length;
  const send = () => {
    if (text.trim() === "" || !p.canSend) return;
    if (p.onSend(text)) setText("");
    box.current?.focus();
  };
  return (
    <section id={p.id} class="chat-panel" aria-labelledby={`${p.id}-title`}>
      <header class="chat-head">
        <h2 id={`${p.id}-title`}>{w("chat")}</h2>
        <button type="button" onClick={() => p.onClose()}>{w("ctl.chatClose")}</button>
      </header>
      <p class="chat-note">{w("chat.private")}</p>
      {/* A log region around a list: role="log" on the <ol> itself would unmake the list. */}
      <div class="chat-log" role="log" aria-label={w("chat.messages")} data-testid="chat-log">
        <ol>
          {p.messages.map((m) => (
            <li key={m.id} class={m.peerId === null ? "mine" : undefined}>
              <span class="chat-from">{senderOf(m, p.nameOf)}</span>{" "}
              <time dateTime={new Date(m.at).toISOString()}>{timeOf(m.at)}</time>
              <p>{m.text}</p>
            </li>
          ))}
        </ol>
      </div>
      <form
        class="chat-form"
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <label for={`${p.id}-text`}>{w("chat.message")}</label>
        <textarea
          id={`${p.id}-text`}
          ref={box}
          rows={2}
          maxLength={MAX_CHAT_TEXT}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
              e.preventDefault();
              send();
            }
          }}
          aria-describedby={`${p.id}-hint`}
          data-testid="chat-text"
        />
        <p id={`${p.id}-hint`} class="chat-hint">
          {!p.canSend
            ? w("chat.nobody")
            : left <= LEFT_WARNING
            ? w("chat.left", { count: left })
            : w("chat.hint")}
        </p>
        <button type="submit" class="primary" disabled={!p.canSend || text.trim() === ""}>
          {w("send")}
        </button>
      </form>
    </section>
  );
}

/**
 * Reads the newest message from someone else out loud (a polite live region, visually hidden)
 * while the panel is closed; the log does that while it is open.
 */
export function ChatAnnouncer(props: {
  latest: ChatEntry | undefined;
  panelOpen: boolean;
  nameOf?(peerId: string): string | undefined;
}) {
  const m = props.latest;
  const say = m && m.peerId !== null && !props.panelOpen
    ? w("chat.newFrom", { name: senderOf(m, props.nameOf), text: m.text })
    : "";
  return <div class="sr-only" aria-live="polite" data-testid="chat-announcer">{say}</div>;
}
