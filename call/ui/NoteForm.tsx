import { useState } from "preact/hooks";
import { MAX_NOTE_LENGTH } from "../../signaling/protocol.ts";

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
      <label for={fieldId}>Message to {props.name} while they wait</label>
      <span class="note-row">
        <input
          id={fieldId}
          type="text"
          maxLength={MAX_NOTE_LENGTH}
          placeholder="Running five minutes late"
          autocomplete="off"
          value={text}
          onInput={(e) => setText((e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="button">Send</button>
      </span>
      <span class="note-outcome muted" role="status" data-testid="note-outcome">
        {props.outcome?.state === "sent" && `Sent: “${props.outcome.text}”`}
        {props.outcome?.state === "not_waiting" &&
          `Not sent: ${props.name} is no longer waiting.`}
      </span>
    </form>
  );
}
