import assert from "node:assert/strict";
import { ConnectionWatch } from "./connection_watch.ts";
import "./ui/english_words.ts";

/** Resolves once `done()` holds; fails after `ms`. */
async function until(done: () => boolean, ms = 2_000) {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

Deno.test("ConnectionWatch: failing while disconnected or failed, not otherwise", () => {
  const watch = new ConnectionWatch(60_000);
  try {
    for (const state of ["new", "connecting", "connected", "closed"] as const) {
      watch.update(state);
      assert.equal(watch.failing.value, false, state);
    }
    for (const state of ["disconnected", "failed"] as const) {
      watch.update(state);
      assert.equal(watch.failing.value, true, state);
    }
  } finally {
    watch.dispose();
  }
});

Deno.test("ConnectionWatch: gives up after the delay, and un-gives up when connected", async () => {
  const watch = new ConnectionWatch(30);
  try {
    watch.update("connected");
    watch.update("failed");
    assert.equal(watch.gaveUp.value, false, "not at once");
    await until(() => watch.gaveUp.value);
    watch.update("connected");
    assert.equal(watch.gaveUp.value, false);
  } finally {
    watch.dispose();
  }
});

Deno.test("ConnectionWatch: the delay counts from the latest failure", async () => {
  const watch = new ConnectionWatch(50);
  try {
    watch.update("disconnected");
    watch.update("connected");
    // The first failure's timer was cleared on connecting, not left to fire early.
    const start = Date.now();
    watch.update("failed");
    await until(() => watch.gaveUp.value);
    assert.ok(Date.now() - start >= 45, "the delay counts from the last failure");
  } finally {
    watch.dispose();
  }
});

Deno.test("ConnectionWatch: reset forgets a connection that gave up (the other side left)", async () => {
  const watch = new ConnectionWatch(20);
  try {
    watch.update("failed");
    await until(() => watch.gaveUp.value);
    watch.reset();
    assert.equal(watch.gaveUp.value, false);
    assert.equal(watch.state.value, "new");
    assert.equal(watch.failing.value, false);
  } finally {
    watch.dispose();
  }
});

Deno.test("ConnectionWatch: a first connection whose ICE fails gives up at once", () => {
  const watch = new ConnectionWatch(60_000, 60_000);
  try {
    watch.update("connecting");
    assert.equal(watch.gaveUp.value, false);
    watch.update("failed");
    assert.equal(watch.gaveUp.value, true, "every pair failed: nothing left to try");
    // The restart that follows does not take the verdict back; only connecting does.
    watch.update("connecting");
    assert.equal(watch.gaveUp.value, true);
    watch.update("connected");
    assert.equal(watch.gaveUp.value, false);
  } finally {
    watch.dispose();
  }
});

Deno.test("ConnectionWatch: a first connection stuck connecting gives up after the setup delay", async () => {
  const watch = new ConnectionWatch(60_000, 40);
  try {
    const start = Date.now();
    watch.update("connecting");
    await until(() => watch.gaveUp.value);
    assert.ok(Date.now() - start >= 35);
  } finally {
    watch.dispose();
  }
});

Deno.test("ConnectionWatch: ICE restarts failing again and again do not push the verdict back", async () => {
  const watch = new ConnectionWatch(80, 60_000);
  try {
    watch.update("connected");
    const lost = Date.now();
    // failed → restart → connecting → failed…, each step sooner than the delay.
    while (!watch.gaveUp.value) {
      watch.update("failed");
      await new Promise((r) => setTimeout(r, 10));
      watch.update("connecting");
      await new Promise((r) => setTimeout(r, 10));
      assert.ok(Date.now() - lost < 1_000, "gave up within the delay of the first loss");
    }
    assert.ok(Date.now() - lost >= 75);
  } finally {
    watch.dispose();
  }
});
