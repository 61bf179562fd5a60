/**
 * `deno task test`: installs the system programs the tests need when missing
 * (Chromium, as root via apt-get), runs every test (unit, integration and
 * browser) and ends with a plain `N passed, N failed` line.
 */
import { ensureSystemDeps, installHint, TEST_DEPS } from "./system_deps.ts";

const missing = await ensureSystemDeps(TEST_DEPS);
if (missing.length > 0) {
  console.error(
    `Missing ${missing.map((d) => `${d.aptPackage} (${d.purpose})`).join(", ")}.\n` +
      `Install with: ${installHint(missing)}  (or set CHROME_PATH to a Chromium binary)`,
  );
}

const args = ["test", "-A", "--unstable-bundle", ...Deno.args];
const child = new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "inherit" })
  .spawn();

// Pass deno test's output through while remembering its summary line.
const ANSI_ESCAPE = new RegExp(String.fromCharCode(27) + "\\[[0-9;]*m", "g");
const summary = /^(?:ok|FAILED) \| (\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/;
let passed = 0;
let failed = 0;
let sawSummary = false;
const out = Deno.stdout.writable.getWriter();
const decoder = new TextDecoder();
let pending = "";
for await (const chunk of child.stdout) {
  await out.write(chunk);
  pending += decoder.decode(chunk, { stream: true });
  const lines = pending.split("\n");
  pending = lines.pop() ?? "";
  for (const line of lines) {
    // deno colours its summary: strip ANSI escapes before matching.
    const m = line.replace(ANSI_ESCAPE, "").match(summary);
    if (m) {
      passed = Number(m[1]);
      failed = Number(m[2]);
      sawSummary = true;
    }
  }
}
const { code } = await child.status;
if (!sawSummary && code !== 0) failed = Math.max(failed, 1);
await out.write(new TextEncoder().encode(`\n${passed} passed, ${failed} failed\n`));
out.releaseLock();
Deno.exit(code === 0 && missing.length === 0 ? 0 : code || 1);
