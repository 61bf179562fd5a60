/**
 * What the network lab (tests/netlab/) leaves behind after a test run: `deno task test` lists
 * the lab's namespaces (`fdl-…`, with every interface inside them) before and after the suite and
 * fails when the run left one. Interfaces live only inside the namespaces, and a lab kills what
 * ran inside before deleting them, so a namespace left is also where a process would be left.
 */

/** The prefix of every lab namespace (tests/netlab/sweep.ts LAB_PREFIX). */
const LAB_PREFIX = "fdl-";

/** The lab namespaces present now; none where `ip` is missing or not allowed. */
export async function labNamespacesNow(): Promise<string[]> {
  try {
    const out = await new Deno.Command("ip", { args: ["netns", "list"], stderr: "null" }).output();
    if (!out.success) return [];
    return new TextDecoder().decode(out.stdout).split("\n").map((l) => l.split(" ")[0])
      .filter((n) => n.startsWith(LAB_PREFIX));
  } catch {
    return [];
  }
}

/** The namespaces in `after` that were not in `before`: what this run left. */
export function leftBehind(before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before);
  return after.filter((n) => !had.has(n));
}
