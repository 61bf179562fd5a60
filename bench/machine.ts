/** The machine and versions a run happened on, for the results. */
import { chromePath } from "../tests/helpers/browser.ts";
import { serverV8Flags } from "./v8_flags.ts";

/** Cores, memory, CPU model, OS and runtime versions. */
export interface MachineInfo {
  date: string;
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  deno: string;
  v8: string;
  node: string;
  chromium: string;
  fileLimit: number;
  /** V8 flags Frontdesk runs with (deno.json's `start` task). */
  serverV8Flags: string[];
}

async function run(cmd: string, args: string[]): Promise<string> {
  try {
    const out = await new Deno.Command(cmd, {
      args,
      stdout: "piped",
      stderr: "null",
    }).output();
    return new TextDecoder().decode(out.stdout).trim();
  } catch {
    return "unknown";
  }
}

/** Reads /proc and asks each runtime its version. */
export async function machineInfo(fileLimit: number): Promise<MachineInfo> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const meminfo = await Deno.readTextFile("/proc/meminfo").catch(() => "");
  const memKb = Number(meminfo.match(/^MemTotal:\s+(\d+)/m)?.[1] ?? 0);
  const chromium = chromePath();
  return {
    date: new Date().toISOString(),
    cpuModel: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? "unknown",
    cores: navigator.hardwareConcurrency,
    memoryGb: Math.round(memKb / 1024 / 1024 * 10) / 10,
    kernel: Deno.osRelease(),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    node: await run("node", ["--version"]),
    chromium: (await run("bash", ["-c", `${chromium} --version 2>/dev/null`])).split(
      "\n",
    ).pop() ??
      "unknown",
    fileLimit,
    serverV8Flags: await serverV8Flags(),
  };
}
