/**
 * Cameras, microphones and speakers in the browser: getting media with
 * sensible constraints, listing devices, remembering choices, and explaining
 * failures in plain words.
 */
import { w } from "./ui/words.ts";

/** Kinds of device a person can choose. */
export type DeviceKind = "videoinput" | "audioinput" | "audiooutput";

/** A device as the menus show it. */
export interface DeviceOption {
  deviceId: string;
  label: string;
}

/** Devices by kind. */
export type DeviceLists = Record<DeviceKind, DeviceOption[]>;

const PREF_KEY = "frontdesk.devices";

/** The person's last choices, per browser. */
export function loadDevicePrefs(): Partial<Record<DeviceKind, string>> {
  try {
    return JSON.parse(localStorage.getItem(PREF_KEY) ?? "{}");
  } catch {
    return {};
  }
}

/** Remembers `deviceId` as the choice for `kind`. */
export function saveDevicePref(kind: DeviceKind, deviceId: string): void {
  try {
    localStorage.setItem(PREF_KEY, JSON.stringify({ ...loadDevicePrefs(), [kind]: deviceId }));
  } catch { /* storage disabled: choices last for this page only */ }
}

/** The camera picture asked for (ideal: a camera that cannot gives what it can). */
export const CAMERA_SIZE = { width: 1280, height: 720 } as const;

/** Constraints for one kind, preferring `deviceId` when given. */
export function constraintsFor(kind: "videoinput" | "audioinput", deviceId?: string) {
  const id = deviceId ? { deviceId: { exact: deviceId } } : {};
  if (kind === "videoinput") {
    return {
      ...id,
      width: { ideal: CAMERA_SIZE.width },
      height: { ideal: CAMERA_SIZE.height },
      frameRate: { ideal: 30, max: 30 },
    };
  }
  return { ...id, echoCancellation: true, noiseSuppression: true, autoGainControl: true };
}

/** Lists devices by kind, with readable labels even before permission. */
export async function listDevices(): Promise<DeviceLists> {
  const lists: DeviceLists = { videoinput: [], audioinput: [], audiooutput: [] };
  const all = await navigator.mediaDevices.enumerateDevices();
  const count: Record<DeviceKind, number> = { videoinput: 0, audioinput: 0, audiooutput: 0 };
  const names: Record<DeviceKind, string> = {
    videoinput: w("camera"),
    audioinput: w("microphone"),
    audiooutput: w("speaker"),
  };
  for (const d of all) {
    const kind = d.kind as DeviceKind;
    if (!(kind in lists) || d.deviceId === "") continue;
    count[kind]++;
    lists[kind].push({ deviceId: d.deviceId, label: d.label || `${names[kind]} ${count[kind]}` });
  }
  return lists;
}

/** Whether this browser can choose the speaker (`HTMLMediaElement.setSinkId`). */
export function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype;
}

/**
 * Gets camera and microphone, falling back to whichever one works when the
 * other is missing or busy. Throws the first error when neither works.
 */
export async function getLocalMedia(
  prefs: Partial<Record<DeviceKind, string>>,
): Promise<{ stream: MediaStream; problems: MediaProblem[] }> {
  const md = navigator.mediaDevices;
  if (!md?.getUserMedia) throw new MediaProblemError({ kind: "unsupported" });
  const video = constraintsFor("videoinput", prefs.videoinput);
  const audio = constraintsFor("audioinput", prefs.audioinput);
  try {
    return { stream: await md.getUserMedia({ video, audio }), problems: [] };
  } catch (first) {
    if (isOverconstrained(first)) {
      // A remembered device is gone: try the defaults.
      return await getLocalMedia({});
    }
    // Blocked, busy or missing: one of the two may still work on its own (a camera blocked in
    // the site settings, a microphone allowed), and the person can join with that.
    const failed: Partial<Record<"camera" | "microphone", unknown>> = {};
    for (const [device, c] of [["camera", { video }], ["microphone", { audio }]] as const) {
      try {
        const stream = await md.getUserMedia(c);
        const other = device === "camera" ? "microphone" : "camera";
        // The device's own error when we have it: it says why that one failed.
        return { stream, problems: [explain(failed[other] ?? first, other)] };
      } catch (err) {
        failed[device] = err; // try the other one
      }
    }
    throw new MediaProblemError(explain(first, "both"));
  }
}

function isOverconstrained(err: unknown): boolean {
  const name = (err as DOMException)?.name;
  return name === "OverconstrainedError" || name === "ConstraintNotSatisfiedError";
}

/** What went wrong with media, for people. */
export interface MediaProblem {
  kind: "denied" | "busy" | "missing" | "unsupported" | "insecure" | "other";
  /** Which device it is about. */
  device?: "camera" | "microphone" | "both";
}

/** A {@linkcode MediaProblem} as an exception. */
export class MediaProblemError extends Error {
  constructor(readonly problem: MediaProblem) {
    super(problem.kind);
  }
}

/** Classifies a getUserMedia error. */
export function explain(err: unknown, device: MediaProblem["device"]): MediaProblem {
  const name = (err as DOMException)?.name;
  if (!globalThis.isSecureContext) return { kind: "insecure", device };
  if (name === "NotAllowedError" || name === "SecurityError") return { kind: "denied", device };
  if (name === "NotReadableError" || name === "TrackStartError" || name === "AbortError") {
    return { kind: "busy", device };
  }
  if (name === "NotFoundError" || name === "DevicesNotFoundError") {
    return { kind: "missing", device };
  }
  return { kind: "other", device };
}

/** A short heading for a media problem, e.g. "Camera blocked". */
export function problemTitle(p: MediaProblem): string {
  const device = p.device ?? "both";
  switch (p.kind) {
    case "denied":
    case "busy":
    case "missing":
      return w(`media.${p.kind}.${device}.title`);
    default:
      return w("media.other.title");
  }
}

/** Plain-words help for a media problem. */
export function problemText(p: MediaProblem): string {
  const device = p.device ?? "both";
  switch (p.kind) {
    case "denied":
    case "busy":
    case "missing":
      return w(`media.${p.kind}.${device}`);
    case "insecure":
      return w("media.insecure");
    case "unsupported":
      return w("media.unsupported");
    default:
      return w(`media.other.${device}`);
  }
}
