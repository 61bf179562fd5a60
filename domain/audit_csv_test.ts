import { deepEqual, equal } from "node:assert/strict";
import { auditToCsv, neutralizeFormula } from "./audit_csv.ts";
import type { AuditEntry } from "./store.ts";
import type { AuditNames } from "./audit_words.ts";

const names: AuditNames = { professional: "Dr. Ada", client: "Grace", guests: new Map() };

const entry = (detail: string | null, action = "appointment.status"): AuditEntry => ({
  id: 1,
  appointmentId: "a",
  professionalId: "p",
  actor: "professional",
  action,
  detail,
  at: Date.UTC(2030, 0, 2, 3, 4, 5, 6),
  count: 1,
  lastAt: Date.UTC(2030, 0, 2, 3, 4, 5, 6),
});

Deno.test("an empty trail is just the header", () => {
  equal(auditToCsv([], names), "time,last_time,count,who,what,actor,action,detail\r\n");
});

Deno.test("plain rows: ISO time, words, then the codes; no detail as an empty cell", () => {
  equal(
    auditToCsv([entry("scheduled -> waiting"), entry(null, "link.revoked")], names),
    "time,last_time,count,who,what,actor,action,detail\r\n" +
      "2030-01-02T03:04:05.006Z,2030-01-02T03:04:05.006Z,1,Dr. Ada," +
      "The status changed from scheduled to someone waiting,professional,appointment.status," +
      "scheduled -> waiting\r\n" +
      "2030-01-02T03:04:05.006Z,2030-01-02T03:04:05.006Z,1,Dr. Ada," +
      "Revoked the client's link and issued a new one,professional,link.revoked,\r\n",
  );
});

Deno.test("collapsed repeats keep their count and their first and last times", () => {
  const repeated = {
    ...entry("revoked", "link.rejected"),
    count: 3000,
    lastAt: Date.UTC(2030, 0, 2, 3, 9),
  };
  equal(
    auditToCsv([repeated], names).split("\r\n")[1],
    "2030-01-02T03:04:05.006Z,2030-01-02T03:09:00.000Z,3000,Dr. Ada," +
      "A link was opened after it had been revoked,professional,link.rejected,revoked",
  );
});

Deno.test("commas, quotes and newlines are quoted; formulas are neutralized", () => {
  const csv = auditToCsv([
    entry('said "hi", then left'),
    entry("line one\nline two"),
    entry('=HYPERLINK("http://evil","x")'),
    entry("+1+1"),
    entry("-2"),
    entry("@SUM(A1)"),
    entry("\tTAB"),
    entry("cr\ronly"),
    entry("safe = here"),
  ], names);
  const lines = csv.split("\r\n");
  equal(lines[1].split(",").slice(7).join(","), '"said ""hi"", then left"');
  equal(lines[2].endsWith(',"line one\nline two"'), true);
  equal(lines[3].endsWith(`,"'=HYPERLINK(""http://evil"",""x"")"`), true);
  equal(lines[4].endsWith(",'+1+1"), true);
  equal(lines[5].endsWith(",'-2"), true);
  equal(lines[6].endsWith(",'@SUM(A1)"), true);
  equal(lines[7].endsWith(",'\tTAB"), true);
  equal(lines[8].endsWith(',"cr\ronly"'), true);
  equal(lines[9].endsWith(",safe = here"), true);
});

Deno.test("neutralizeFormula leaves ordinary text alone", () => {
  deepEqual(
    ["=1", "+", "-", "@x", "a=1", "", "1-2"].map(neutralizeFormula),
    ["'=1", "'+", "'-", "'@x", "a=1", "", "1-2"],
  );
});

Deno.test("a name that looks like a formula is neutralized too", () => {
  const evil: AuditNames = { ...names, professional: "=cmd|'/c calc'!A1" };
  const row = auditToCsv([entry(null, "link.revoked")], evil).split("\r\n")[1];
  equal(row.split(",")[3], `'=cmd|'/c calc'!A1`);
});
