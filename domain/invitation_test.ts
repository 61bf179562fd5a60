import { equal, match, ok } from "node:assert/strict";
import ICAL from "ical.js";
import {
  bodyOf,
  eventUid,
  type InvitationFacts,
  invitationIcs,
  invitationText,
  subjectOf,
} from "./invitation.ts";

const facts: InvitationFacts = {
  appointmentId: "5f0c6a3e-0000-4000-8000-000000000001",
  professionalName: "Dr. Ada Lovelace",
  professionalEmail: "ada@example.com",
  clientName: "Grace Hopper",
  clientEmail: "grace@example.com",
  // 2030-06-10 14:30 UTC = 10:30 in New York (EDT).
  startsAt: Date.UTC(2030, 5, 10, 14, 30),
  durationMin: 45,
  tz: "America/New_York",
  link: "https://frontdesk.example/join-video?token=abc.def.ghi",
};

/** The one VEVENT of an .ics, parsed back by ical.js, with the calendar's METHOD. */
function parse(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const vevent = cal.getFirstSubcomponent("vevent")!;
  return { method: cal.getFirstPropertyValue("method"), vevent, event: new ICAL.Event(vevent) };
}

Deno.test("invitationText: who, when in the professional's zone with the zone named, the link", () => {
  const text = invitationText(facts);
  match(text, /^Dr\. Ada Lovelace invites you to a video appointment\./);
  match(text, /When: Mon, 10 Jun 2030, 10:30–11:15 GMT-4 \(America\/New_York\)/);
  match(text, /Join: https:\/\/frontdesk\.example\/join-video\?token=abc\.def\.ghi/);
  match(text, /opens at 10:15/);
});

Deno.test("invitationIcs: a REQUEST with the start in UTC, the link, UID and SEQUENCE", () => {
  const { method, vevent, event } = parse(invitationIcs(facts, { method: "REQUEST", sequence: 0 }));
  equal(method, "REQUEST");
  equal(event.uid, eventUid(facts.appointmentId));
  equal(event.sequence, 0);
  equal(event.startDate.toJSDate().getTime(), facts.startsAt);
  equal(event.endDate.toJSDate().getTime(), facts.startsAt + 45 * 60_000);
  ok(event.startDate.zone?.tzid === "UTC", "written in UTC");
  equal(vevent.getFirstPropertyValue("url"), facts.link);
  ok(event.description.includes(facts.link));
  equal(vevent.getFirstPropertyValue("status"), "CONFIRMED");
  match(String(vevent.getFirstPropertyValue("organizer")), /ada@example\.com/);
  match(String(vevent.getFirstPropertyValue("attendee")), /grace@example\.com/);
});

Deno.test("invitationIcs: an update keeps the UID and raises SEQUENCE; a CANCEL strikes it", () => {
  const moved = { ...facts, startsAt: facts.startsAt + 86_400_000 };
  const update = parse(invitationIcs(moved, { method: "REQUEST", sequence: 1 }));
  equal(update.event.uid, eventUid(facts.appointmentId));
  equal(update.event.sequence, 1);
  equal(update.event.startDate.toJSDate().getTime(), moved.startsAt);
  const cancel = parse(
    invitationIcs(moved, { method: "CANCEL", sequence: 2, reason: "I am ill today" }),
  );
  equal(cancel.method, "CANCEL");
  equal(cancel.event.sequence, 2);
  equal(cancel.vevent.getFirstPropertyValue("status"), "CANCELLED");
  match(cancel.event.description, /Their reason: I am ill today/);
  ok(!cancel.event.description.includes(facts.link), "a cancelled event carries no link");
});

Deno.test("subjects and bodies say what happened", () => {
  match(subjectOf("invitation", facts), /^Video appointment with Dr\. Ada Lovelace, /);
  match(subjectOf("update", facts), /^Moved: /);
  match(subjectOf("cancellation", facts), /^Cancelled: /);
  match(subjectOf("reminder", facts), /^Reminder: /);
  match(bodyOf("update", facts), /moved your video appointment[\s\S]*Join: https/);
  match(bodyOf("cancellation", facts), /no longer opens it/);
  ok(!bodyOf("cancellation", facts).includes("reason"), "no reason line without a reason");
  match(bodyOf("reminder", facts), /coming up[\s\S]*Join: https/);
});

Deno.test("the client's mail and calendar event speak the sender's language, dates included", () => {
  const es = { ...facts, locale: "es" as const };
  match(subjectOf("invitation", es), /^Videocita con .+, \S+, \d+ \S+ \d{4}, \d\d:\d\d/);
  match(bodyOf("invitation", es), /le invita a una videocita\.\n\nCuándo: /);
  match(bodyOf("cancellation", es, "Enfermedad"), /Motivo: Enfermedad/);
  const fr = { ...facts, locale: "fr" as const };
  match(subjectOf("reminder", fr), /^Rappel : rendez-vous vidéo avec /);
  match(invitationText(fr), /Le lien s’ouvre à \d\d:\d\d/);
  const event = ICAL.Component.fromString(
    invitationIcs(fr, { method: "REQUEST", sequence: 0 }),
  ).getFirstSubcomponent("vevent")!;
  match(String(event.getFirstPropertyValue("summary")), /^Rendez-vous vidéo avec /);
});
