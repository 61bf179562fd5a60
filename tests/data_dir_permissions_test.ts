/**
 * The real server refuses to start (exit 2, one clear line naming the fix)
 * on a data directory, signing secret or bundle cache other users could change or read,
 * and leaves their modes as it found them.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

/**
 * Runs `main.ts` on `dataDir` until it exits. A server that starts listening
 * instead (it should have refused) is stopped, and reported with code null.
 */
async function runMain(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-bundle", "main.ts"],
    cwd: ROOT,
    env: {
      PORT: "0",
      HOSTNAME: "127.0.0.1",
      DATA_DIR: dataDir,
      DEMO: "0",
      LINK_SECRET: "",
      ...env,
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  let listened = false;
  const read = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      output += decoder.decode(chunk, { stream: true });
      if (!listened && output.includes('"msg":"listening"')) {
        listened = true;
        child.kill("SIGKILL");
      }
    }
  };
  const [status] = await Promise.all([child.status, read(child.stdout), read(child.stderr)]);
  return { code: listened ? null : status.code, output };
}

Deno.test("the server refuses a world-writable data directory with exit 2 and the chmod", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-test-" });
  try {
    await Deno.chmod(dataDir, 0o777);
    const { code, output } = await runMain(dataDir);
    assert.equal(code, 2, output);
    assert.match(output, /configuration error/);
    assert.ok(output.includes(`chmod 700 ${dataDir}`), output);
    assert.doesNotMatch(output, /"msg":"listening"/);
    assert.equal((await Deno.stat(dataDir)).mode! & 0o777, 0o777, "the mode was left as found");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("the server refuses a signing secret that is readable by others, or not its own", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-test-" });
  try {
    const secret = `${dataDir}/link-secret`;
    await Deno.writeFile(secret, crypto.getRandomValues(new Uint8Array(48)), { mode: 0o600 });
    await Deno.chmod(secret, 0o644);
    const loose = await runMain(dataDir);
    assert.equal(loose.code, 2, loose.output);
    assert.ok(loose.output.includes(`chmod 600 ${secret}`), loose.output);

    await Deno.chmod(secret, 0o600);
    await Deno.chown(dataDir, 65534, 65534);
    const foreign = await runMain(dataDir);
    assert.equal(foreign.code, 2, foreign.output);
    assert.ok(foreign.output.includes(`chown -R ${Deno.uid()} ${dataDir}`), foreign.output);
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("the server refuses a bundle cache other users may write to: browsers run its files", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "frontdesk-test-" });
  const cache = `${dataDir}/shared-cache`;
  try {
    await Deno.mkdir(cache);
    await Deno.chmod(cache, 0o777);
    const { code, output } = await runMain(dataDir, { BUNDLE_CACHE_DIR: cache });
    assert.equal(code, 2, output);
    assert.match(output, /bundle cache/);
    assert.ok(output.includes(`chmod 700 ${cache}`), output);
    assert.equal((await Deno.stat(cache)).mode! & 0o777, 0o777, "the mode was left as found");
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
