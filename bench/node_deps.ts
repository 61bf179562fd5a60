/**
 * The reference server and the load client run on Node with pinned npm packages
 * (`bench/package-lock.json`); this installs them with `npm ci` when `bench/node_modules` is
 * missing, so `deno task bench` works on a fresh checkout.
 *
 * Two benches may start at once (the test suite runs both smoke tests in parallel), and `npm ci`
 * first deletes `node_modules`: so each install happens in its own scratch directory and its
 * `node_modules` is renamed into place in one step. A bench never sees a half-installed tree.
 */
const BENCH = new URL("./", import.meta.url).pathname;
const MARKER = "node_modules/@socket.io/redis-adapter/package.json";

/**
 * Installs the Node packages of `dir` (a path ending in "/") unless `marker`, a file of the last
 * package installed, is already there.
 */
export async function ensureNodeDeps(
  dir = BENCH,
  marker = MARKER,
): Promise<void> {
  if (await exists(`${dir}${marker}`)) return;
  const scratch = await Deno.makeTempDir({ dir, prefix: ".npm-install-" });
  try {
    for (const file of ["package.json", "package-lock.json"]) {
      await Deno.copyFile(`${dir}${file}`, `${scratch}/${file}`);
    }
    const out = await new Deno.Command("npm", {
      args: ["ci", "--no-audit", "--no-fund", "--loglevel=error"],
      cwd: scratch,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(
        `npm ci in bench/ failed:\n${new TextDecoder().decode(out.stderr)}`,
      );
    }
    try {
      await Deno.rename(`${scratch}/node_modules`, `${dir}node_modules`);
    } catch (error) {
      // Another bench's install landed first: use it.
      if (!(await exists(`${dir}${marker}`))) throw error;
    }
  } finally {
    await Deno.remove(scratch, { recursive: true }).catch(() => {});
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
