/**
 * A call's controller and its chat, made together: the chat reads the controller's own name, so
 * each is made knowing the other. The call view makes its own; the dashboard's in-place call makes
 * one at the "Join call" click, ahead of the view (see use_in_page_call.ts).
 */
import { CallController } from "../call_controller.ts";
import { CallChat } from "../call_chat.ts";
import type { SignalingClient } from "../signaling_client.ts";
import { socketUrl } from "../socket_url.ts";
import { callRtcConfig } from "../rtc_config.ts";

/** What a call is made of (CallView's props of the same names). */
export interface CallSettings {
  /** A guest's call is the client's, with a tile of their own in the others' calls. */
  role: "client" | "pro" | "guest";
  /** Path of the signaling socket, e.g. "/ws?role=client". */
  wsPath: string;
  /** A standby socket opened ahead for this call (the dashboard's in-place call). */
  standby?: SignalingClient;
  iceServers: { urls: string[]; username?: string; credential?: string }[];
  iceTransportPolicy?: "all" | "relay";
}

/** A call's controller and chat. */
export interface MadeCall {
  controller: CallController;
  chat: CallChat;
}

/** A new call (nothing starts until its camera is started and it joins). */
export function makeCall(settings: CallSettings): MadeCall {
  let controller: CallController | null = null;
  const chat = new CallChat(() => controller?.me.value?.name ?? "");
  controller = new CallController({
    role: settings.role,
    wsUrl: socketUrl(settings.wsPath),
    standby: settings.standby,
    rtcConfig: callRtcConfig(settings),
    onPeerConnection: chat.attach,
  });
  return { controller, chat };
}
