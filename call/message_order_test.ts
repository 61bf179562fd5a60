import assert from "node:assert/strict";
import { MessageOrder } from "./message_order.ts";

/** A task that records its start and end in `log`, its end once `release` is called. */
function held(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((r) => release = r);
  const task = async () => {
    log.push(`${name} start`);
    await done;
    log.push(`${name} end`);
  };
  return { task, release };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

Deno.test("message order: different participants' messages run side by side", async () => {
  const log: string[] = [];
  const order = new MessageOrder();
  const a = held(log, "a");
  order.run(a.task, "guest:a");
  order.run(() => void log.push("b"), "guest:b");
  await settle();
  assert.deepEqual(log, ["a start", "b"], "b does not wait for a's slow offer");
  a.release();
  await settle();
  assert.deepEqual(log, ["a start", "b", "a end"]);
});

Deno.test("message order: one participant's messages run one after another", async () => {
  const log: string[] = [];
  const order = new MessageOrder();
  const offer = held(log, "offer");
  order.run(offer.task, "client");
  order.run(() => void log.push("ice"), "client");
  await settle();
  assert.deepEqual(log, ["offer start"], "the candidate waits for the offer");
  offer.release();
  await settle();
  assert.deepEqual(log, ["offer start", "offer end", "ice"]);
});

Deno.test("message order: a whole-call message waits for everything before it", async () => {
  const log: string[] = [];
  const order = new MessageOrder();
  const offer = held(log, "offer");
  order.run(offer.task, "client");
  order.run(() => void log.push("roster"));
  order.run(() => void log.push("answer"), "guest:b");
  await settle();
  assert.deepEqual(log, ["offer start"], "the roster and what follows it wait for the offer");
  offer.release();
  await settle();
  assert.deepEqual(log, ["offer start", "offer end", "roster", "answer"]);
});

Deno.test("message order: a task that throws does not stop the ones after it", async () => {
  const log: string[] = [];
  const order = new MessageOrder();
  order.run(() => {
    throw new Error("bad message");
  });
  order.run(() => Promise.reject(new Error("bad offer")), "client");
  order.run(() => void log.push("welcome"));
  order.run(() => void log.push("ice"), "client");
  await settle();
  assert.deepEqual(log, ["welcome", "ice"]);
});
