/**
 * The stage's chat and participants panels, each reading its own signals: a chat message or an
 * arrival redraws its panel, not the whole stage (see CallStage.tsx). Both stay in the page while
 * closed, so the control bar's buttons can point at them.
 */
import type { CallController } from "../call_controller.ts";
import type { CallChat } from "../call_chat.ts";
import { ChatAnnouncer, ChatPanel } from "./ChatPanel.tsx";
import { ParticipantsPanel } from "./ParticipantsPanel.tsx";

/** The chat panel, and the announcement of a message that arrives while it is closed. */
export function StageChat(props: {
  chat: CallChat;
  open: boolean;
  nameOf(peerId: string): string | undefined;
  onClose(): void;
}) {
  const channels = props.chat.channels;
  return (
    <>
      <div class="stage-panel stage-chat" hidden={!props.open}>
        <ChatPanel
          id="call-chat"
          messages={channels.messages.value}
          canSend={channels.canSend.value}
          nameOf={props.nameOf}
          onSend={(text) => channels.send(text).ok}
          onClose={props.onClose}
        />
      </div>
      <ChatAnnouncer
        latest={channels.messages.value.at(-1)}
        panelOpen={props.open}
        nameOf={props.nameOf}
      />
    </>
  );
}

/** Who is in the call (see ParticipantsPanel.tsx). */
export function StagePeople(props: {
  call: CallController;
  open: boolean;
  onClose(): void;
  onRemove?: (id: string) => void;
}) {
  return (
    <ParticipantsPanel
      remotes={props.call.remotes.value}
      micOn={props.call.media.micOn.value}
      open={props.open}
      onClose={props.onClose}
      onRemove={props.onRemove}
    />
  );
}
