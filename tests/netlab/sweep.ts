/**
 * Removes network-lab namespaces: those of one lab when it is destroyed, and those left by an
 * earlier run that was killed before its `finally` ran. A lab's namespaces are named
 * `fdl-<pid>-<hex>-…` after the process that made them, so a lab whose process is gone is stale
 * and a lab of another test file running right now (its process alive) is left alone.
 * Processes still inside a namespace (Chromium, the app, coturn of that lab) are killed by pid
 * first, since deleting a namespace does not end what runs in it.
 */
import { run } from "./run.ts";

/** Every lab namespace starts with this. */
export const LAB_PREFIX = "fdl-";

/** The lab namespaces present now. */
export async function labNamespaces(): Promise<string[]> {
  const out = await run("ip", ["netns", "list"]);
  return out.split("\n").map((l) => l.split(" ")[0]).filter((n) => n.startsWith(LAB_PREFIX));
}

function alive(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

async function pidsIn(ns: string): Promise<number[]> {
  try {
    const out = await run("ip", ["netns", "pids", ns]);
    return out.split("\n").filter((l) => l.trim() !== "").map(Number);
  } catch {
    return [];
  }
}

/** Kills every process inside `namespaces` (SIGKILL, by pid) and deletes the namespaces. */
export async function destroyNamespaces(namespaces: string[]): Promise<void> {
  for (const ns of namespaces) {
    for (const pid of await pidsIn(ns)) {
      try {
        Deno.kill(pid, "SIGKILL");
      } catch { /* already gone */ }
    }
  }
  for (const ns of namespaces) {
    // A killed process may hold the namespace for a moment; deletion only unmounts the name.
    try {
      await run("ip", ["netns", "delete", ns]);
    } catch { /* already gone */ }
  }
}

/** Destroys the labs whose creating process no longer runs; returns the namespaces removed. */
export async function sweepStaleLabs(): Promise<string[]> {
  const stale = (await labNamespaces()).filter((ns) => {
    const pid = Number(ns.slice(LAB_PREFIX.length).split("-")[0]);
    return !Number.isInteger(pid) || pid === 0 || (pid !== Deno.pid && !alive(pid));
  });
  await destroyNamespaces(stale);
  return stale;
}
