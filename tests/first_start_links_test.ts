/**
 * Where the first start's demo links go: to an interactive terminal, or with
 * PRINT_LINKS=1; never into a log that journald or docker keep. There, one
 * line says how to get a dashboard link, and that command works.
 */
import assert from "node:assert/strict";
import { startApp } from "./helpers/app_process.ts";

const ROOT = new URL("../", import.meta.url);
const LINK = /(Dashboard|Client) link:|token=/;

/** The demo line's `deno task pro link <id>` command, from the app's output. */
function proLinkCommand(output: string): string[] {
  const line = output.split("\n").find((l) => l.includes("created a demo professional"));
  assert.ok(line, output);
  const command = JSON.parse(line).forDashboardLink as string;
  assert.match(command, /^deno task pro link \S+$/);
  return command.split(" ").slice(3);
}

Deno.test({
  name: "first start with stdout not a terminal: no link printed, only how to get one",
  sanitizeResources: false,
  async fn() {
    const app = await startApp({ env: { DEMO: "1", PRINT_LINKS: "" } });
    try {
      await app.waitForOutput("created a demo professional");
      assert.doesNotMatch(app.output(), LINK);
      assert.match(app.output(), /PRINT_LINKS=1/);

      const [command, id] = proLinkCommand(app.output());
      const pro = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "scripts/pro.ts", command, id],
        cwd: ROOT,
        env: { DATA_DIR: app.dataDir, PUBLIC_URL: app.url, LINK_SECRET: "" },
        stdin: "null",
      }).output();
      const printed = new TextDecoder().decode(pro.stdout);
      assert.equal(pro.code, 0, new TextDecoder().decode(pro.stderr));
      const link = printed.match(/^Dashboard link: (\S+)$/m)?.[1];
      assert.ok(link, printed);
      const res = await fetch(link, { redirect: "manual" });
      await res.body?.cancel();
      assert.equal(res.status, 303);
      assert.equal(res.headers.get("location"), "/dashboard");
    } finally {
      await app.stop();
    }
  },
});

Deno.test({
  name: "first start on a terminal prints the dashboard and client links",
  sanitizeResources: false,
  async fn() {
    const app = await startApp({ terminal: true, env: { DEMO: "1", PRINT_LINKS: "" } });
    try {
      const printed = await app.waitForOutput(/Dashboard link: \S+\s+Client link: \S+/);
      const dashboard = printed.match(/Dashboard link: (\S+)/)![1];
      const res = await fetch(
        `${app.url}${new URL(dashboard).pathname}${new URL(dashboard).search}`,
        {
          redirect: "manual",
        },
      );
      await res.body?.cancel();
      assert.equal(res.status, 303);
      assert.doesNotMatch(app.output(), /created a demo professional/);
    } finally {
      await app.stop();
    }
  },
});

Deno.test({
  name: "PRINT_LINKS=1 prints the links without a terminal; PRINT_LINKS=0 not even to one",
  sanitizeResources: false,
  async fn() {
    const always = await startApp({ env: { DEMO: "1", PRINT_LINKS: "1" } });
    try {
      await always.waitForOutput(/Dashboard link: \S+\s+Client link: \S+/);
    } finally {
      await always.stop();
    }
    const never = await startApp({ terminal: true, env: { DEMO: "1", PRINT_LINKS: "0" } });
    try {
      await never.waitForOutput("created a demo professional");
      assert.doesNotMatch(never.output(), LINK);
    } finally {
      await never.stop();
    }
  },
});
