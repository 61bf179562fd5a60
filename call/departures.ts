/**
 * "Maria left": a short notice on the call stage when someone leaves the room (their seat is
 * gone from the roster: they pressed Leave, or their connection stayed away past its grace). A
 * participant who is only away keeps their tile with "Reconnecting…" instead. Browser module.
 */
import { signal } from "@preact/signals";
import type { RosterEntry } from "../signaling/protocol.ts";
import { w } from "./ui/words.ts";

/** How long a "… left" notice stays. */
export const DEPARTURE_NOTICE_MS = 8_000;

/** The people in `before` who are not in `after` (by id). */
export function departed(
  before: readonly RosterEntry[],
  after: readonly RosterEntry[],
): RosterEntry[] {
  const still = new Set(after.map((p) => p.id));
  return before.filter((p) => !still.has(p.id));
}

/** One notice: who left, in words. */
export interface DepartureNotice {
  id: string;
  text: string;
}

/** Follows the roster and keeps a notice for each person who left lately. */
export class Departures {
  readonly notices = signal<DepartureNotice[]>([]);
  #roster: readonly RosterEntry[] = [];
  #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(readonly showMs = DEPARTURE_NOTICE_MS) {}

  /** The roster as it is now; someone back in it loses their notice. */
  update(roster: readonly RosterEntry[]): void {
    const gone = departed(this.#roster, roster);
    const here = new Set(roster.map((p) => p.id));
    this.#roster = roster;
    let notices = this.notices.value.filter((n) => !here.has(n.id));
    for (const p of gone) {
      notices = [...notices.filter((n) => n.id !== p.id), {
        id: p.id,
        text: w("status.peerLeft", { name: p.name }),
      }];
      clearTimeout(this.#timers.get(p.id));
      this.#timers.set(p.id, setTimeout(() => this.#drop(p.id), this.showMs));
    }
    if (notices.length !== this.notices.value.length || gone.length > 0) {
      this.notices.value = notices;
    }
  }

  dispose(): void {
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  #drop(id: string) {
    this.#timers.delete(id);
    this.notices.value = this.notices.value.filter((n) => n.id !== id);
  }
}
