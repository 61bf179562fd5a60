import { equal } from "node:assert/strict";
import { type AuditNames, describeAudit, guestIdsIn, SYSTEM_ACTOR } from "./audit_words.ts";
import type { Actor, AuditEntry } from "./store.ts";

const names: AuditNames = {
  professional: "Dr. Ada Lovelace",
  client: "Grace Hopper",
  guests: new Map([["g1", "Maria Lopez"], ["g2", "Tom Baker"]]),
};

const row = (actor: Actor, action: string, detail: string | null = null): AuditEntry => ({
  id: 1,
  appointmentId: "a",
  professionalId: "p",
  actor,
  action,
  detail,
  at: 0,
  count: 1,
  lastAt: 0,
});

/** "who — what" of a row. */
const say = (e: AuditEntry, n = names) => {
  const { who, what } = describeAudit(e, n);
  return `${who} — ${what}`;
};

Deno.test("describeAudit: the appointment's life, with names where a person acted", () => {
  const cases: [AuditEntry, string][] = [
    [row("professional", "appointment.created"), "Dr. Ada Lovelace — Created the appointment"],
    [
      row("professional", "appointment.created", "instant call"),
      "Dr. Ada Lovelace — Started an instant call",
    ],
    [row("client", "link.opened"), "Grace Hopper — Opened their link"],
    [
      row("client", "appointment.status", "scheduled -> waiting (client joined)"),
      "Grace Hopper — Grace Hopper joined the waiting room",
    ],
    [
      row("professional", "appointment.status", "waiting -> in_call (answer relayed)"),
      "Dr. Ada Lovelace — The call started",
    ],
    [
      row("guest", "appointment.status", "in_call -> waiting (guest:g1 left)"),
      "A guest — Maria Lopez left; now someone waiting",
    ],
    [
      row("client", "appointment.status", "waiting -> scheduled (client left)"),
      "Grace Hopper — Grace Hopper left; nobody is waiting any more",
    ],
    [
      row("professional", "appointment.status", "in_call -> completed (ended for everyone)"),
      "Dr. Ada Lovelace — Ended the call for everyone",
    ],
    [
      row("professional", "appointment.status", "scheduled -> cancelled"),
      "Dr. Ada Lovelace — Cancelled the appointment",
    ],
    [
      row("system", "appointment.status", "scheduled -> missed (window closed)"),
      `${SYSTEM_ACTOR} — The appointment's time ran out with nobody in the call: marked missed`,
    ],
    [
      row("system", "appointment.status", "in_call -> completed (window closed)"),
      `${SYSTEM_ACTOR} — The appointment's time ran out: marked completed`,
    ],
    [
      row("professional", "link.revoked", "link version 2"),
      "Dr. Ada Lovelace — Revoked the client's link and issued a new one",
    ],
  ];
  for (const [e, expected] of cases) equal(say(e), expected, e.detail ?? e.action);
});

Deno.test("describeAudit: guests by name, visitors and refusals in words", () => {
  const cases: [AuditEntry, string][] = [
    [
      row("professional", "guest.added", "guest g1: invited"),
      "Dr. Ada Lovelace — Added Maria Lopez as a guest",
    ],
    [
      row("guest", "guest.added", "guest g2: visitor"),
      "Tom Baker — Tom Baker asked to join with the shared link",
    ],
    [row("guest", "link.opened", "guest g1"), "Maria Lopez — Opened their guest link"],
    [
      row("professional", "guest.admitted", "guest g2"),
      "Dr. Ada Lovelace — Let Tom Baker into the call",
    ],
    [
      row("professional", "guest.removed", "guest g2: declined"),
      "Dr. Ada Lovelace — Declined Tom Baker's request to join",
    ],
    [
      row("professional", "guest.removed", "guest g1: removed"),
      "Dr. Ada Lovelace — Removed Maria Lopez from the call",
    ],
    [
      row("professional", "guest.link_revoked", "guest g1: link version 2"),
      "Dr. Ada Lovelace — Withdrew Maria Lopez's link",
    ],
    [
      row("system", "link.rejected", "revoked"),
      `${SYSTEM_ACTOR} — A link was opened after it had been revoked`,
    ],
    [
      row("system", "link.rejected", "guest-link: expired"),
      `${SYSTEM_ACTOR} — A link was opened after it had expired (a guest's link)`,
    ],
    [
      row("system", "link.rejected", "bad_signature"),
      `${SYSTEM_ACTOR} — A link with a broken or forged signature was refused`,
    ],
    [row("system", "link.rejected", "something new"), `${SYSTEM_ACTOR} — A link was refused`],
    [row("guest", "guest.note"), "A guest — Something else happened"],
    [
      row("system", "invitation.sent", "invitation"),
      `${SYSTEM_ACTOR} — Emailed the client the invitation`,
    ],
    [
      row("system", "invitation.failed", "reminder"),
      `${SYSTEM_ACTOR} — Could not email the client a reminder`,
    ],
    [row("professional", "appointment.rescheduled"), "Dr. Ada Lovelace — Moved the appointment"],
    [
      row("professional", "client.email_set"),
      "Dr. Ada Lovelace — Set the client's email address",
    ],
  ];
  for (const [e, expected] of cases) equal(say(e), expected, e.detail ?? e.action);
});

Deno.test("describeAudit: an instant call has no client; unknown guests stay 'a guest'", () => {
  const instant = { ...names, client: "", guests: new Map() };
  equal(say(row("client", "link.opened"), instant), "The client — Opened their link");
  equal(
    say(row("professional", "guest.admitted", "guest zz"), instant),
    "Dr. Ada Lovelace — Let a guest into the call",
  );
});

Deno.test("guestIdsIn: each guest a row names, once", () => {
  equal(
    guestIdsIn([
      row("guest", "link.opened", "guest g1"),
      row("professional", "guest.removed", "guest g1: removed"),
      row("professional", "guest.added", "guest g2: invited"),
      row("client", "link.opened"),
    ]).join(","),
    "g1,g2",
  );
});
