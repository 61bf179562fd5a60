import { deepStrictEqual } from "node:assert/strict";
import { WriteQueue } from "./write_queue.ts";

const tick = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

Deno.test("write queue: one appointment's writes run in order, others do not wait", async () => {
  const log: string[] = [];
  const q = new WriteQueue(() => {});
  q.run("a", "w", async () => {
    await tick(20);
    log.push("a1");
  });
  q.run("a", "w", () => Promise.resolve(void log.push("a2")));
  q.run("b", "w", () => Promise.resolve(void log.push("b1")));
  await q.settled();
  deepStrictEqual(log, ["b1", "a1", "a2"]);
});

Deno.test("write queue: a failure is reported and the next write still runs", async () => {
  const errors: string[] = [];
  const log: string[] = [];
  const q = new WriteQueue((op, id) => errors.push(`${op}:${id}`));
  const failed = q.run("a", "setStatus", () => Promise.reject(new Error("disk full")));
  const after = q.run("a", "setStatus", () => Promise.resolve(void log.push("after")));
  await q.settled();
  deepStrictEqual([await failed, await after], [false, true], "each says how it went");
  deepStrictEqual(errors, ["setStatus:a"]);
  deepStrictEqual(log, ["after"]);
});
