/**
 * What each button of the call's control bar shows in each state: its icon, the words for what a
 * press will do (the accessible name and tooltip: "Unmute microphone", never "Mute" while muted),
 * `aria-pressed`, and its shortcut. One table, so the bar, its tests and the tooltips agree.
 *
 * Microphone and camera are pressed when off (a crossed-out icon on red, the warning state);
 * screen share, chat, participants and settings are pressed while on; leave and end are actions.
 */
import type { IconName } from "./icons.tsx";
import type { ShortcutAction } from "../keyboard_shortcuts.ts";

/** How a control looks and what it says, for {@linkcode ControlButton}'s props. */
export interface ControlState {
  icon: IconName;
  /** What a press will do. */
  label: string;
  /** aria-pressed; undefined for an action (leave, end). */
  pressed?: boolean;
  /** "off": pressed means something is off (red); "danger": leaves the call. */
  tone?: "off" | "danger";
  shortcut?: ShortcutAction;
}

export const micControl = (on: boolean): ControlState =>
  on
    ? { icon: "mic", label: "Mute microphone", pressed: false, tone: "off", shortcut: "toggleMic" }
    : {
      icon: "mic-off",
      label: "Unmute microphone",
      pressed: true,
      tone: "off",
      shortcut: "toggleMic",
    };

export const cameraControl = (on: boolean): ControlState =>
  on
    ? {
      icon: "camera",
      label: "Turn camera off",
      pressed: false,
      tone: "off",
      shortcut: "toggleCam",
    }
    : {
      icon: "camera-off",
      label: "Turn camera on",
      pressed: true,
      tone: "off",
      shortcut: "toggleCam",
    };

export const shareControl = (sharing: boolean): ControlState => ({
  icon: "screen",
  label: sharing ? "Stop sharing your screen" : "Share your screen",
  pressed: sharing,
});

export const chatControl = (open: boolean): ControlState => ({
  icon: "chat",
  label: open ? "Close chat" : "Open chat",
  pressed: open,
});

export const peopleControl = (open: boolean): ControlState => ({
  icon: "people",
  label: open ? "Hide participants" : "Show participants",
  pressed: open,
});

export const settingsControl = (open: boolean): ControlState => ({
  icon: "settings",
  label: open ? "Close settings" : "Open settings (camera, microphone, speaker)",
  pressed: open,
});

export const fullscreenControl = (full: boolean): ControlState => ({
  icon: full ? "fullscreen-exit" : "fullscreen",
  label: full ? "Exit full screen" : "Full screen",
  pressed: full,
});

export const leaveControl: ControlState = { icon: "leave", label: "Leave call", tone: "danger" };

/** The professional's: ends the appointment for everyone. */
export const endControl: ControlState = {
  icon: "end",
  label: "End call for everyone",
  tone: "danger",
};
