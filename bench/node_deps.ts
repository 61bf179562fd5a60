/**
 * The reference server and the load client run on Node with pinned npm packages
 * (`bench/package-lock.json`); this installs them with `npm ci` when `bench/node_modules` is
 * missing, so `deno task bench` works on a fresh checkout.
 */
const BENCH = new URL("./", import.meta.url).pathname;

/** Installs the bench's Node packages unless they are already there. */
export async function ensureNodeDeps(): Promise<void> {
  try {
    await Deno.stat(`${BENCH}node_modules/@socket.io/redis-adapter/package.json`);
    return;
  } catch {
    // Not installed yet.
  }
  const out = await new Deno.Command("npm", {
    args: ["ci", "--no-audit", "--no-fund", "--loglevel=error"],
    cwd: BENCH,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    throw new Error(
      `npm ci in bench/ failed:\n${new TextDecoder().decode(out.stderr)}`,
    );
  }
}
