/**
 * What a new appointment and a new guest are before any store writes them: their ids and first
 * values. One owner for both stores (SQLite and PostgreSQL), so a field added to `Appointment`
 * or `Guest` gets its starting value in one place.
 */
import { base64url } from "jose";
import type { Appointment, Guest, NewAppointment, NewGuest } from "./store.ts";

/** A new appointment as `createAppointment` stores it, created at `now`. */
export function newAppointment(input: NewAppointment, now: number): Appointment {
  return {
    id: crypto.randomUUID(),
    professionalId: input.professionalId,
    kind: input.kind ?? "scheduled",
    clientName: input.clientName,
    startsAt: input.startsAt,
    durationMin: input.durationMin,
    status: "scheduled",
    linkVersion: 1,
    shareVersion: 1,
    clientEmail: input.clientEmail ?? null,
    calendarSequence: 0,
    reminderSentAt: null,
    cancelReason: "",
    clientLocale: input.clientLocale ?? "en",
    createdAt: now,
    updatedAt: now,
  };
}

/** A new guest of `appointmentId` as `addGuest` stores it, created at `now`. */
export function newGuest(input: NewGuest, appointmentId: string, now: number): Guest {
  return {
    // 128 random bits, URL-safe without escaping.
    id: base64url.encode(crypto.getRandomValues(new Uint8Array(16))),
    appointmentId,
    name: input.name,
    role: input.role,
    origin: input.origin,
    linkVersion: 1,
    admittedAt: null,
    createdAt: now,
    updatedAt: now,
    removedAt: null,
    removal: null,
  };
}
