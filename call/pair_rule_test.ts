import assert from "node:assert/strict";
import { type CallParticipant, pairRoles } from "./pair_rule.ts";
import "./ui/english_words.ts";

const pro: CallParticipant = { id: "pro", role: "pro" };
const client: CallParticipant = { id: "client", role: "client" };

Deno.test("pairRoles: the client is polite toward the professional and offers first", () => {
  assert.deepEqual(pairRoles(client, pro), { polite: true, offersFirst: true });
  assert.deepEqual(pairRoles(pro, client), { polite: false, offersFirst: false });
});

Deno.test("pairRoles: the role wins over the ids", () => {
  const zClient: CallParticipant = { id: "zzz", role: "client" };
  const aPro: CallParticipant = { id: "aaa", role: "pro" };
  assert.equal(pairRoles(zClient, aPro).polite, true);
  assert.equal(pairRoles(aPro, zClient).polite, false);
});

Deno.test("pairRoles: in every pair of a four-person call, exactly one end is polite", () => {
  const people: CallParticipant[] = [
    { id: "p1", role: "pro" },
    { id: "c1", role: "client" },
    { id: "c2", role: "client" },
    { id: "c3", role: "client" },
  ];
  for (const a of people) {
    for (const b of people) {
      if (a === b) continue;
      const [ab, ba] = [pairRoles(a, b), pairRoles(b, a)];
      assert.notEqual(ab.polite, ba.polite, `${a.id}–${b.id}`);
      assert.notEqual(ab.offersFirst, ba.offersFirst, `${a.id}–${b.id}`);
    }
  }
});

Deno.test("pairRoles: a guest offers to the client and the professional; two guests by id", () => {
  const g1: CallParticipant = { id: "guest:a", role: "guest" };
  const g2: CallParticipant = { id: "guest:b", role: "guest" };
  assert.equal(pairRoles(g1, pro).polite, true);
  assert.equal(pairRoles(g1, client).polite, true);
  assert.equal(pairRoles(client, g1).polite, false);
  assert.equal(pairRoles(g1, g2).polite, true);
  assert.equal(pairRoles(g2, g1).polite, false);
  const people = [pro, client, g1, g2];
  for (const a of people) {
    for (const b of people) {
      if (a !== b) assert.notEqual(pairRoles(a, b).polite, pairRoles(b, a).polite);
    }
  }
});

Deno.test("pairRoles: refuses the same participant on both ends", () => {
  assert.throws(() => pairRoles(client, { ...client }), /both ends/);
});
