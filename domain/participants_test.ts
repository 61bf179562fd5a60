import { equal } from "node:assert/strict";
import { guestArrival, hasFreeSeat, seatsTaken } from "./participants.ts";

Deno.test("seatsTaken: the professional, the client of a scheduled appointment, and guests", () => {
  equal(seatsTaken("scheduled", 0), 2);
  equal(seatsTaken("scheduled", 2), 4);
  equal(seatsTaken("instant", 0), 1, "an instant call has no client");
  equal(seatsTaken("instant", 3), 4);
});

Deno.test("hasFreeSeat: up to maxParticipants, never past it", () => {
  equal(hasFreeSeat("scheduled", 1, 4), true);
  equal(hasFreeSeat("scheduled", 2, 4), false);
  equal(hasFreeSeat("instant", 2, 4), true);
  equal(hasFreeSeat("instant", 3, 4), false);
  equal(hasFreeSeat("scheduled", 0, 2), false, "with 2, a scheduled call has no guest seat");
  equal(hasFreeSeat("instant", 0, 2), true);
});

Deno.test("guestArrival: admitted once enters again; invited waits or knocks; visitors knock", () => {
  const invited = { origin: "invited" as const, admittedAt: null };
  const visitor = { origin: "visitor" as const, admittedAt: null };
  equal(guestArrival(invited, false), "wait");
  equal(guestArrival(invited, true), "knock");
  equal(guestArrival(visitor, false), "knock");
  equal(guestArrival(visitor, true), "knock");
  for (const professionalInRoom of [false, true]) {
    equal(guestArrival({ ...invited, admittedAt: 1 }, professionalInRoom), "enter");
    equal(guestArrival({ ...visitor, admittedAt: 1 }, professionalInRoom), "enter");
  }
});
