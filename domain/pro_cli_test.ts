/** Runs `scripts/pro.ts` as a real subprocess against a temporary DATA_DIR. */

import { equal, match, ok } from "node:assert/strict";
import { resolveProLink } from "./links.ts";
import { openStore } from "./open_store.ts";
import { loadSigningSecret } from "./secret.ts";

const SCRIPT = new URL("../scripts/pro.ts", import.meta.url).pathname;
const ROOT = new URL("..", import.meta.url).pathname;

async function pro(args: string[], env: Record<string, string>) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", SCRIPT, ...args],
    cwd: ROOT,
    env: { LINK_SECRET: "", PUBLIC_URL: "", PORT: "", HOSTNAME: "", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code, out: text.decode(stdout), err: text.decode(stderr) };
}

Deno.test("pro add prints a working dashboard link; pro list shows it; pro link renews", async () => {
  const dataDir = await Deno.makeTempDir();
  const env = { DATA_DIR: dataDir, PUBLIC_URL: "https://desk.example.com" };
  const added = await pro(["add", "  Dr. Ada Lovelace "], env);
  equal(added.code, 0, added.err);
  const url = new URL(added.out.match(/^Dashboard link: (\S+)$/m)?.[1] ?? "missing");
  equal(url.origin + url.pathname, "https://desk.example.com/pro-link");

  const store = await openStore(dataDir);
  const secret = await loadSigningSecret(dataDir);
  const access = await resolveProLink(store, secret, url.searchParams.get("token"));
  ok(access.ok);
  equal(access.professional.name, "Dr. Ada Lovelace");
  store.close();

  const listed = await pro(["list"], env);
  equal(listed.code, 0, listed.err);
  equal(listed.out.trim(), `${access.professional.id}\tDr. Ada Lovelace`);

  const renewed = await pro(["link", access.professional.id], env);
  equal(renewed.code, 0, renewed.err);
  match(renewed.out, /^Dashboard link: https:\/\/desk\.example\.com\/pro-link\?token=/m);
  await Deno.remove(dataDir, { recursive: true });
});

Deno.test("pro: bad arguments and bad configuration exit non-zero with a clear message", async () => {
  const dataDir = await Deno.makeTempDir();
  const env = { DATA_DIR: dataDir };
  const cases: [string[], Record<string, string>, number, RegExp][] = [
    [[], env, 2, /Missing command[\s\S]*Usage:/],
    [["fire", "x"], env, 2, /Unknown command "fire"/],
    [["add"], env, 2, /exactly one argument/],
    [["add", "Ada", "Lovelace"], env, 2, /exactly one argument/],
    [["add", "   "], env, 2, /enter a name/],
    [["add", "Dr. Eve\u202Egpj.exe"], env, 2, /invisible or text-direction character \(U\+202E\)/],
    [["add", "Dr.\u200B"], env, 2, /U\+200B/],
    [["list", "extra"], env, 2, /takes no arguments/],
    [["link", "no-such-id"], env, 1, /No professional has the id/],
    [["list"], { ...env, PORT: "99999" }, 1, /Configuration error: PORT/],
    [["add", "Ada"], { ...env, LINK_SECRET: "short" }, 1, /Configuration error: LINK_SECRET/],
  ];
  for (const [args, e, code, message] of cases) {
    const r = await pro(args, e);
    equal(r.code, code, `${args.join(" ")}: ${r.err}`);
    match(r.err, message);
  }
  const help = await pro(["--help"], env);
  equal(help.code, 0);
  match(help.out, /deno task pro add/);
  const empty = await pro(["list"], env);
  match(empty.out, /No professionals yet/, "the refused names created nobody");
  await Deno.remove(dataDir, { recursive: true });
});
