/** Polls `ok` every `everyMs` until it holds; throws naming `what` after `ms`. For tests. */
export async function until(
  what: string,
  ok: () => boolean | Promise<boolean>,
  ms = 5_000,
  everyMs = 10,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
