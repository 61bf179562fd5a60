import { deepEqual, equal, match, ok } from "node:assert/strict";
import {
  appointmentTitle,
  clientPhase,
  CLOSE_AFTER_MIN,
  INSTANT_CALL_DURATION_MIN,
  instantCall,
  isFinalStatus,
  joinWindow,
  OPEN_BEFORE_MIN,
  statusAfterWindow,
  validateNewAppointment,
} from "./appointments.ts";
import { APPOINTMENT_STATUSES } from "./store.ts";

const MIN = 60_000;
const NOW = Date.UTC(2030, 5, 10, 12, 0);
const appt = { startsAt: NOW, durationMin: 30, status: "scheduled" as const };

Deno.test("joinWindow opens 15 minutes early and closes 60 minutes after the end", () => {
  deepEqual(joinWindow(appt), {
    opensAt: NOW - OPEN_BEFORE_MIN * MIN,
    closesAt: NOW + (30 + CLOSE_AFTER_MIN) * MIN,
  });
});

Deno.test("clientPhase follows the window and the status", () => {
  const { opensAt, closesAt } = joinWindow(appt);
  equal(clientPhase(appt, opensAt - 1), "too_early");
  equal(clientPhase(appt, opensAt), "open");
  equal(clientPhase(appt, closesAt - 1), "open");
  equal(clientPhase(appt, closesAt), "finished");
  equal(clientPhase({ ...appt, status: "in_call" }, NOW), "open");
  equal(clientPhase({ ...appt, status: "completed" }, NOW), "finished");
  equal(clientPhase({ ...appt, status: "missed" }, NOW), "finished");
  equal(clientPhase({ ...appt, status: "cancelled" }, NOW), "cancelled");
  equal(clientPhase({ ...appt, status: "cancelled" }, opensAt - 1), "cancelled");
});

const good = { clientName: "  Charles Babbage ", start: "2030-06-10T14:30", durationMin: "30" };

Deno.test("a valid form without time zone is read as UTC, name trimmed", () => {
  deepEqual(validateNewAppointment(good, NOW), {
    ok: true,
    value: {
      clientName: "Charles Babbage",
      startsAt: Date.UTC(2030, 5, 10, 14, 30),
      durationMin: 30,
      clientEmail: null,
    },
  });
});

Deno.test("the client's address is optional; a bad one is refused on its field", () => {
  const r = validateNewAppointment({ ...good, clientEmail: "  Grace@Example.COM " }, NOW);
  ok(r.ok);
  equal(r.value.clientEmail, "grace@example.com");
  match(errorsOf({ clientEmail: "grace@" }).clientEmail ?? "", /not an email address/);
  ok(validateNewAppointment({ ...good, clientEmail: "   " }, NOW).ok);
});

Deno.test("the browser's time zone turns local time into UTC", () => {
  // Paris in summer is UTC+2, so 14:30 local is 12:30 UTC.
  const r = validateNewAppointment({ ...good, tz: "Europe/Paris" }, NOW);
  ok(r.ok);
  equal(r.value.startsAt, Date.UTC(2030, 5, 10, 12, 30));
  // New York in summer: UTC-4.
  const ny = validateNewAppointment({ ...good, tz: "America/New_York" }, NOW);
  ok(ny.ok);
  equal(ny.value.startsAt, Date.UTC(2030, 5, 10, 18, 30));
  // Seconds from a datetime-local with step are accepted.
  ok(validateNewAppointment({ ...good, start: "2030-06-10T14:30:15" }, NOW).ok);
});

function errorsOf(input: Partial<typeof good> & { tz?: string; clientEmail?: string }) {
  const r = validateNewAppointment({ ...good, ...input }, NOW);
  ok(!r.ok, "expected a validation failure");
  return r.errors;
}

Deno.test("client name: required, at most 80 characters, no control characters", () => {
  ok(errorsOf({ clientName: "   " }).clientName);
  ok(errorsOf({ clientName: "a".repeat(81) }).clientName);
  ok(validateNewAppointment({ ...good, clientName: "é".repeat(80) }, NOW).ok);
  ok(errorsOf({ clientName: "Bob\u0000" }).clientName);
  ok(errorsOf({ clientName: "Bob\nSmith" }).clientName);
  ok(validateNewAppointment({ ...good, clientName: "Zoë O'Brien-Łukasz 李" }, NOW).ok);
});

Deno.test("start: a real date, not more than a few minutes past or a year ahead", () => {
  ok(errorsOf({ start: "" }).start);
  ok(errorsOf({ start: "tomorrow" }).start);
  ok(errorsOf({ start: "2030-02-30T10:00" }).start);
  ok(errorsOf({ start: "2030-06-10T25:00" }).start);
  match(errorsOf({ start: "2030-06-10T09:00" }).start ?? "", /in the past/, "3 hours ago");
  ok(errorsOf({ start: "2030-06-10T11:54" }).start, "six minutes ago");
  ok(validateNewAppointment({ ...good, start: "2030-06-10T11:55" }, NOW).ok, "five minutes ago");
  ok(validateNewAppointment({ ...good, start: "2030-06-10T12:00" }, NOW).ok, "now");
  ok(errorsOf({ start: "2031-06-11T12:00" }).start, "more than a year ahead");
  match(errorsOf({ start: "0000-01-01T00:00" }).start ?? "", /in the past/);
  match(errorsOf({ start: "0099-01-01T00:00" }).start ?? "", /in the past/);
  match(errorsOf({ start: "9999-12-31T23:59", tz: "Pacific/Kiritimati" }).start ?? "", /next year/);
  match(errorsOf({ tz: "Mars/Olympus" }).start ?? "", /time zone/);
  match(errorsOf({ tz: "" }).start ?? "", /time zone/);
});

Deno.test("duration: whole minutes from 5 to 240", () => {
  for (const bad of ["", "4", "241", "30.5", "-30", "1e2", "thirty"]) {
    ok(errorsOf({ durationMin: bad }).durationMin, bad);
  }
  for (const fine of ["5", "240", " 45 "]) {
    ok(validateNewAppointment({ ...good, durationMin: fine }, NOW).ok, fine);
  }
});

Deno.test("every problem is reported at once, with the values echoed back", () => {
  const input = { clientName: "", start: "nope", durationMin: "0" };
  const r = validateNewAppointment(input, NOW);
  ok(!r.ok);
  deepEqual(Object.keys(r.errors).sort(), ["clientName", "durationMin", "start"]);
  deepEqual(r.values, input);
});

Deno.test("isFinalStatus: completed, cancelled and missed only", () => {
  deepEqual(APPOINTMENT_STATUSES.filter(isFinalStatus), ["completed", "cancelled", "missed"]);
});

Deno.test("statusAfterWindow: missed when no call happened, completed when one did", () => {
  equal(statusAfterWindow({ status: "scheduled" }, false), "missed");
  equal(statusAfterWindow({ status: "waiting" }, false), "missed", "the professional never came");
  equal(statusAfterWindow({ status: "scheduled" }, true), "completed");
  equal(statusAfterWindow({ status: "waiting" }, true), "completed");
  equal(statusAfterWindow({ status: "in_call" }, false), "completed", "in_call means they met");
  for (const status of ["completed", "cancelled", "missed"] as const) {
    equal(statusAfterWindow({ status }, true), status);
    equal(statusAfterWindow({ status }, false), status);
  }
});

Deno.test("instantCall starts now with no client; appointmentTitle says what it is", () => {
  deepEqual(instantCall("p1", NOW), {
    professionalId: "p1",
    kind: "instant",
    clientName: "",
    startsAt: NOW,
    durationMin: INSTANT_CALL_DURATION_MIN,
  });
  equal(instantCall("p1", NOW, 30).durationMin, 30);
  equal(appointmentTitle({ kind: "instant", clientName: "" }), "Instant call");
  equal(appointmentTitle({ kind: "scheduled", clientName: "Ada" }), "Ada");
});
