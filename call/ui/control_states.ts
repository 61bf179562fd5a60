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
import { w } from "./words.ts";

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
  on ? { icon: "mic", label: w("ctl.mute"), pressed: false, tone: "off", shortcut: "toggleMic" } : {
    icon: "mic-off",
    label: w("ctl.unmute"),
    pressed: true,
    tone: "off",
    shortcut: "toggleMic",
  };

export const cameraControl = (on: boolean): ControlState =>
  on
    ? {
      icon: "camera",
      label: w("ctl.camOff"),
      pressed: false,
      tone: "off",
      shortcut: "toggleCam",
    }
    : {
      icon: "camera-off",
      label: w("ctl.camOn"),
      pressed: true,
      tone: "off",
      shortcut: "toggleCam",
    };

export const shareControl = (sharing: boolean): ControlState => ({
  icon: "screen",
  label: w(sharing ? "ctl.shareStop" : "ctl.share"),
  pressed: sharing,
});

export const chatControl = (open: boolean): ControlState => ({
  icon: "chat",
  label: w(open ? "ctl.chatClose" : "ctl.chatOpen"),
  pressed: open,
});

export const peopleControl = (open: boolean): ControlState => ({
  icon: "people",
  label: w(open ? "ctl.peopleHide" : "ctl.peopleShow"),
  pressed: open,
});

export const settingsControl = (open: boolean): ControlState => ({
  icon: "settings",
  label: w(open ? "ctl.settingsClose" : "ctl.settingsOpen"),
  pressed: open,
});

export const fullscreenControl = (full: boolean): ControlState => ({
  icon: full ? "fullscreen-exit" : "fullscreen",
  label: w(full ? "ctl.fullscreenExit" : "ctl.fullscreen"),
  pressed: full,
});

// Leave and end keep one object each; their labels are read when rendered, in the page's words.
export const leaveControl: ControlState = {
  icon: "leave",
  get label() {
    return w("ctl.leave");
  },
  tone: "danger",
};

/** The professional's: ends the appointment for everyone. */
export const endControl: ControlState = {
  icon: "end",
  get label() {
    return w("ctl.end");
  },
  tone: "danger",
};
