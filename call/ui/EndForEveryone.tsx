import { useRef } from "preact/hooks";
import type { Ref } from "preact";
import type { CallController } from "../call_controller.ts";
import { ControlButton } from "./ControlButton.tsx";
import { endControl } from "./control_states.ts";
import { w } from "./words.ts";

/**
 * The professional's "End for everyone": a confirmation dialog first (Cancel keeps the call),
 * then `end`; every page shows the end screen once the server has completed the appointment.
 */
export function EndForEveryone(props: { call: CallController }) {
  const c = props.call;
  const dialog = useRef<HTMLDialogElement>(null);
  const close = () => dialog.current?.close();
  return (
    <>
      <ControlButton
        {...endControl}
        label={c.ending.value ? w("ending") : endControl.label}
        disabled={c.ending.value}
        onClick={() => dialog.current?.showModal()}
        testId="end-for-everyone"
      />
      <dialog
        ref={dialog as Ref<HTMLDialogElement>}
        class="confirm card"
        aria-labelledby="end-confirm-title"
        data-testid="end-confirm"
      >
        <h2 id="end-confirm-title">{w("endConfirm.title")}</h2>
        <p>{w("endConfirm.text")}</p>
        <div class="actions">
          <button type="button" onClick={close} data-testid="end-cancel">{w("cancel")}</button>
          <button
            type="button"
            class="danger"
            onClick={() => {
              close();
              c.endForEveryone();
            }}
            data-testid="end-confirm-button"
          >
            {w("endConfirm.end")}
          </button>
        </div>
      </dialog>
    </>
  );
}
