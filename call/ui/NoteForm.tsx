import { useState } from "preact/hooks";
import { MAX_NOTE_LENGTH } from "../../signaling/protocol.ts";
import { w } from "./words.ts";

/** What became of the last note sent from a {@linkcode NoteForm}. */
export type NoteOutcome = { text: string; state: "sent" | "not_waiting" } | null;

/**
 * The professional's short note to a client who waits ("Running five minutes late"), on the
 * dashboard's row for them: sent over the dashboard socket as `note` (relayed at once, never
 * stored). `outcome` says what became of the last one, in a live region.
 */
export function NoteForm(props: {
  /** Whom it goes to, for the label ("Ada Client"). */
  name: string;
  /** A stable id part for the field (the appointment id). */
  id: string;
  outcome: NoteOutcome;
  onSend(text: string): void;
}) {
  const [text, setText] = useState("");
  const fieldId = `note-${props.id}`;
  return (
    <form
      class="note-form"
      data-testid="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        const t = text.trim();
        if (t === "") return;
        props.onSend(t);
        setText("");
      }}
    >
      <label for={fieldId}>{w("note.label", { name: props.name })}</label>
      <span class="note-row">
        <input
          id={fieldId}
          type="text"
          maxLength={MAX_NOTE_LENGTH}
          placeholder={w("note.placeholder")}
          autocomplete="off"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="button">{w("send")}</button>
      </span>
      <span class="note-outcome muted" role="status" data-testid="note-outcome">
        {props.outcome?.state === "sent" && w("note.sent", { text: props.outcome.text })}
        {props.outcome?.state === "not_waiting" &&
          w("note.notWaiting", { name: props.name })}
      </span>
    </form>
  );
}
