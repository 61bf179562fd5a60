/** Runs one system command for the network lab and fails loudly with what it printed. */

/** Runs `cmd args…`; resolves with stdout, throws with stderr when it exits non-zero. */
export async function run(cmd: string, args: string[], stdin?: string): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const { code, stdout, stderr } = await child.output();
  const dec = new TextDecoder();
  if (code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${code}: ${dec.decode(stderr).trim()}`);
  }
  return dec.decode(stdout);
}

/** `ip netns exec NS cmd args…`. */
export function inNs(ns: string, cmd: string, args: string[], stdin?: string): Promise<string> {
  return run("ip", ["netns", "exec", ns, cmd, ...args], stdin);
}
