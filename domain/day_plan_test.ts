import { deepEqual, equal } from "node:assert/strict";
import { canJoin, isOver, localDay, planDay, statusNow } from "./day_plan.ts";
import { CLOSE_AFTER_MIN, OPEN_BEFORE_MIN } from "./appointments.ts";
import type { AppointmentStatus } from "./store.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 10:00 in Paris (UTC+2 in June). */
const NOW = Date.UTC(2030, 5, 10, 8, 0);
const TZ = "Europe/Paris";

const at = (id: string, startsAt: number, status: AppointmentStatus = "scheduled") => ({
  id,
  startsAt,
  durationMin: 30,
  status,
});

Deno.test("Join is offered only inside the join window, and never once it ended", () => {
  const a = at("a", NOW);
  equal(canJoin(a, NOW - OPEN_BEFORE_MIN * MIN - 1), false, "too early");
  equal(canJoin(a, NOW - OPEN_BEFORE_MIN * MIN), true, "opens");
  equal(canJoin(a, NOW + (30 + CLOSE_AFTER_MIN) * MIN - 1), true, "last moment");
  equal(canJoin(a, NOW + (30 + CLOSE_AFTER_MIN) * MIN), false, "closed");
  equal(canJoin(at("w", NOW, "waiting"), NOW), true);
  for (const s of ["completed", "missed", "cancelled"] as const) {
    equal(canJoin(at(s, NOW, s), NOW), false, s);
  }
  equal(canJoin(at("next week", NOW + 7 * 24 * HOUR), NOW), false);
});

Deno.test("a closed window nobody wrote an end for shows as missed; a call still on, completed", () => {
  const later = NOW + 3 * HOUR;
  equal(statusNow(at("a", NOW), later), "missed");
  equal(statusNow(at("a", NOW, "waiting"), later), "missed");
  equal(statusNow(at("a", NOW, "in_call"), later), "completed");
  equal(statusNow(at("a", NOW, "cancelled"), later), "cancelled");
  equal(statusNow(at("a", NOW), NOW), "scheduled", "open: as stored");
  equal(
    isOver(at("a", NOW, "cancelled"), later),
    true,
    "a cancelled one is past once its time went",
  );
  equal(isOver(at("a", NOW, "cancelled"), NOW), false);
  equal(isOver(at("a", NOW, "missed"), NOW), true);
});

Deno.test("planDay: today in the viewer's zone, upcoming later days, past latest first", () => {
  const rows = [
    at("tomorrow", NOW + 24 * HOUR),
    at("late today", NOW + 13 * HOUR), // 23:00 in Paris
    at("after midnight", NOW + 14.5 * HOUR), // 00:30 next day in Paris
    at("open now", NOW - 10 * MIN),
    at("three hours ago", NOW - 3 * HOUR),
    at("missed yesterday", NOW - 20 * HOUR, "missed"),
    at("completed earlier", NOW - 40 * MIN, "completed"),
    at("cancelled soon", NOW + HOUR, "cancelled"),
    at("next week", NOW + 7 * 24 * HOUR),
  ];
  const plan = planDay(rows, NOW, TZ);
  deepEqual(plan.today.map((a) => a.id), ["open now", "cancelled soon", "late today"]);
  deepEqual(plan.upcoming.map((a) => a.id), ["after midnight", "tomorrow", "next week"]);
  deepEqual(plan.past.map((a) => a.id), [
    "completed earlier",
    "three hours ago",
    "missed yesterday",
  ]);
  equal(plan.nextUp?.id, "open now");
});

Deno.test("planDay: next up skips cancelled ones and reaches into later days", () => {
  const plan = planDay([at("c", NOW + HOUR, "cancelled"), at("t", NOW + 24 * HOUR)], NOW, TZ);
  equal(plan.nextUp?.id, "t");
  equal(planDay([], NOW, TZ).nextUp, null);
});

Deno.test("localDay is the calendar day in the zone", () => {
  equal(localDay(Date.UTC(2030, 5, 10, 22, 30), "Europe/Paris"), "2030-06-11");
  equal(localDay(Date.UTC(2030, 5, 10, 22, 30), "America/New_York"), "2030-06-10");
});
