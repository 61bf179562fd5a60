import assert from "node:assert/strict";
import { ConfigError } from "./config.ts";
import { assertPrivateIfExists } from "./private_paths.ts";

/** Another user's uid for the "not ours" cases (nobody); the tests run as root. */
const OTHER_UID = 65534;

async function withDir(fn: (dir: string) => Promise<void>) {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function refusedWith(pattern: RegExp) {
  return (e: unknown) => e instanceof ConfigError && pattern.test(e.message);
}

Deno.test("a private directory and file of ours pass; a missing path passes", async () => {
  await withDir(async (dir) => {
    await Deno.chmod(dir, 0o700);
    await assertPrivateIfExists(dir, "data directory");
    await Deno.chmod(dir, 0o755); // others may list it, not change it
    await assertPrivateIfExists(dir, "data directory");
    await Deno.writeFile(`${dir}/f`, new Uint8Array(1), { mode: 0o600 });
    await assertPrivateIfExists(`${dir}/f`, "database file");
    await assertPrivateIfExists(`${dir}/missing`, "database file");
  });
});

Deno.test("a directory others may write to is refused with the chmod that fixes it", async () => {
  await withDir(async (dir) => {
    for (const mode of [0o777, 0o770, 0o702]) {
      await Deno.chmod(dir, mode);
      await assert.rejects(
        assertPrivateIfExists(dir, "data directory"),
        refusedWith(
          new RegExp(
            `data directory ${dir} is writable by other users .*Fix with: chmod 700 ${dir}`,
          ),
        ),
        mode.toString(8),
      );
    }
  });
});

Deno.test("a file open to group or others is refused with chmod 600", async () => {
  await withDir(async (dir) => {
    const path = `${dir}/frontdesk.db`;
    await Deno.writeFile(path, new Uint8Array(1));
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      await Deno.chmod(path, mode);
      await assert.rejects(
        assertPrivateIfExists(path, "database file"),
        refusedWith(new RegExp(`open to other users \\(mode 0${mode.toString(8)}\\).*chmod 600`)),
      );
    }
  });
});

Deno.test("a path owned by another user is refused with the chown that fixes it", async () => {
  await withDir(async (dir) => {
    const sub = `${dir}/data dir`;
    await Deno.mkdir(sub, { mode: 0o700 });
    await Deno.chown(sub, OTHER_UID, OTHER_UID);
    await assert.rejects(
      assertPrivateIfExists(sub, "data directory"),
      refusedWith(
        new RegExp(
          `belongs to uid ${OTHER_UID}, not to the user running Frontdesk \\(uid ${Deno.uid()}\\)` +
            `.*chown -R ${Deno.uid()} '${sub}'`,
        ),
      ),
    );
  });
});
