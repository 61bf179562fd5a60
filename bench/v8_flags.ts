/**
 * The V8 flags Frontdesk's server runs with, read from the `start` task in deno.json (their one
 * source), so the bench measures the server as `deno task start` runs it. See the README's
 * "Performance" section for why those flags.
 */

const DENO_JSON = new URL("../deno.json", import.meta.url);

/** The `--v8-flags=` list of `task` (e.g. "start"), or [] when it has none. */
export function v8FlagsOf(task: string): string[] {
  const flags = task.match(/(?:^|\s)--v8-flags=(\S+)/)?.[1];
  return flags ? flags.split(",").filter((f) => f !== "") : [];
}

/** The flags of deno.json's `start` task. */
export async function serverV8Flags(): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(DENO_JSON));
  const start = config?.tasks?.start;
  if (typeof start !== "string") throw new Error("deno.json has no `start` task");
  return v8FlagsOf(start);
}
