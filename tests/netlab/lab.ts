/**
 * A real network lab built from Linux network namespaces, for call tests across NATs.
 *
 * ```
 *            "internet" 203.0.113.0/24 (bridge br0 in the public namespace)
 *   public ns: 203.0.113.1 — Frontdesk (ip netns exec … deno) and coturn
 *      │ r1 (veth)                         │ r2 (veth)
 *   router 1: wan 203.0.113.11             router 2: wan 203.0.113.12      NAT + firewall (nft)
 *      │ lan 10.0.1.1                      │ lan 10.0.2.1                  shaping (tc) on both
 *   client 1: eth0 10.0.1.2                client 2: eth0 10.0.2.2          Chromium runs here
 * ```
 *
 * Each router masquerades its LAN behind its WAN address with nftables: `home` keeps source
 * ports (Linux's default; STUN-learned srflx addresses work and hole punching succeeds),
 * `symmetric` uses `fully-random` (a new random port per destination, so srflx addresses are
 * useless and only a TURN relay connects). `blockUdp` drops every UDP packet the LAN sends out
 * (a corporate firewall: only TCP leaves). New connections from the WAN side are dropped, as in
 * any NAT router (see {@linkcode natRules} for why where). {@linkcode Lab.shape} adds loss, rate
 * and delay on a client's access link. IPv6 is off in every lab namespace so only the addresses above exist.
 *
 * Nothing is created in the host's namespace: every interface is made directly inside its
 * namespace, so deleting the namespaces removes them all, and the host needs no route into the
 * lab (Playwright talks to Chromium over a pipe, see `browser.ts`).
 *
 * No leftovers: names carry the creating process's pid and a random suffix
 * (`fdl-<pid>-<hex>-pub`); {@linkcode Lab.destroy} (call it in `finally`) kills whatever still
 * runs inside the lab's namespaces and deletes them, a SIGINT/SIGTERM handler does the same, and
 * {@linkcode createLab} first sweeps labs whose creating process is gone (a run killed with
 * SIGKILL), see `sweep.ts`.
 */
import { inNs, run } from "./run.ts";
import { destroyNamespaces, LAB_PREFIX, sweepStaleLabs } from "./sweep.ts";

/** How a client's router translates addresses. */
export type NatKind = "home" | "symmetric";

/** A client network: the client namespace and its router. */
export interface ClientNet {
  /** Namespace Chromium runs in. */
  ns: string;
  /** The router's namespace. */
  routerNs: string;
  /** The client's own (private) address. */
  address: string;
  /** The router's public (WAN) address, what the world sees. */
  publicAddress: string;
}

/** Options of one client network. */
export interface ClientOptions {
  nat: NatKind;
  /** Drop all UDP leaving the LAN (only TCP gets out). */
  blockUdp?: boolean;
}

/** Link shaping on a client's access link, applied both ways. */
export interface Shape {
  /** One-way delay added in each direction (so the round trip grows by twice this). */
  delayMs?: number;
  /** Packet loss in percent, each direction. */
  lossPercent?: number;
  /** Rate limit in kbit/s, each direction (a tbf). */
  rateKbit?: number;
}

/** The TUN device of a router's delay line (see {@linkcode Lab.delay}). */
const DELAY_DEV = "dly0";

/** The public segment's address: Frontdesk and coturn listen here. */
export const PUBLIC_ADDRESS = "203.0.113.1";

const live = new Set<Lab>();
let signalsHooked = false;

/** A built lab. Destroy it in `finally`. */
export class Lab {
  readonly publicNs: string;
  readonly clients: ClientNet[] = [];
  #namespaces: string[] = [];
  #destroyed?: Promise<void>;
  /** The delay line running for a client's router (see {@linkcode Lab.delay}). */
  #delayLines = new Map<ClientNet, Deno.ChildProcess>();

  constructor(readonly id: string) {
    this.publicNs = `${id}-pub`;
  }

  /** Every namespace of this lab so far. */
  get namespaces(): readonly string[] {
    return this.#namespaces;
  }

  async #addNs(name: string): Promise<void> {
    await run("ip", ["netns", "add", name]);
    this.#namespaces.push(name);
    await inNs(name, "sysctl", ["-qw", "net.ipv6.conf.all.disable_ipv6=1"]);
    await inNs(name, "sysctl", ["-qw", "net.ipv6.conf.default.disable_ipv6=1"]);
    await inNs(name, "ip", ["link", "set", "lo", "up"]);
  }

  /** Builds the public segment (called by {@linkcode createLab}). */
  async buildPublic(): Promise<void> {
    await this.#addNs(this.publicNs);
    const ns = this.publicNs;
    await inNs(ns, "ip", ["link", "add", "br0", "type", "bridge"]);
    await inNs(ns, "ip", ["addr", "add", `${PUBLIC_ADDRESS}/24`, "dev", "br0"]);
    await inNs(ns, "ip", ["link", "set", "br0", "up"]);
  }

  /** Adds client number `clients.length + 1` behind its own router. */
  async addClient(opts: ClientOptions): Promise<ClientNet> {
    const n = this.clients.length + 1;
    const routerNs = `${this.id}-r${n}`;
    const ns = `${this.id}-c${n}`;
    const publicAddress = `203.0.113.${10 + n}`;
    const address = `10.0.${n}.2`;
    await this.#addNs(routerNs);
    await this.#addNs(ns);
    // Router WAN ↔ a port of the public bridge.
    await run("ip", [
      "link",
      "add",
      "wan",
      "netns",
      routerNs,
      "type",
      "veth",
      "peer",
      "name",
      `r${n}`,
      "netns",
      this.publicNs,
    ]);
    await inNs(this.publicNs, "ip", ["link", "set", `r${n}`, "master", "br0", "up"]);
    await inNs(routerNs, "ip", ["addr", "add", `${publicAddress}/24`, "dev", "wan"]);
    await inNs(routerNs, "ip", ["link", "set", "wan", "up"]);
    // Router LAN ↔ client.
    await run("ip", [
      "link",
      "add",
      "lan",
      "netns",
      routerNs,
      "type",
      "veth",
      "peer",
      "name",
      "eth0",
      "netns",
      ns,
    ]);
    await inNs(routerNs, "ip", ["addr", "add", `10.0.${n}.1/24`, "dev", "lan"]);
    await inNs(routerNs, "ip", ["link", "set", "lan", "up"]);
    await inNs(ns, "ip", ["addr", "add", `${address}/24`, "dev", "eth0"]);
    await inNs(ns, "ip", ["link", "set", "eth0", "up"]);
    await inNs(ns, "ip", ["route", "add", "default", "via", `10.0.${n}.1`]);
    await inNs(routerNs, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
    await inNs(routerNs, "nft", ["-f", "-"], natRules(opts));
    const client = { ns, routerNs, address, publicAddress };
    this.clients.push(client);
    return client;
  }

  /**
   * Shapes `client`'s access link in both directions: loss with an nftables `numgen random`
   * drop in the router's forward path, rate with `tbf` on both router interfaces, delay with the
   * userspace delay line of `delay_link.ts` (see {@linkcode Lab.delay} for why not `tc netem`).
   */
  async shape(client: ClientNet, shape: Shape): Promise<void> {
    if (shape.delayMs) await this.delay(client, shape.delayMs);
    if (shape.lossPercent) {
      const perMille = Math.round(shape.lossPercent * 10);
      // Not on the way into the delay line: a delayed packet is forwarded twice.
      await inNs(
        client.routerNs,
        "nft",
        ["-f", "-"],
        `
table ip lab {
  chain shape {
    type filter hook forward priority filter - 1; policy accept;
    oifname != "${DELAY_DEV}" numgen random mod 1000 < ${perMille} drop
  }
}
`,
      );
    }
    if (shape.rateKbit) {
      for (const dev of ["wan", "lan"]) {
        await inNs(client.routerNs, "tc", [
          ...["qdisc", "replace", "dev", dev, "root", "handle", "2:"],
          ...["tbf", "rate", `${shape.rateKbit}kbit`, "burst", "32kbit", "latency", "400ms"],
        ]);
      }
    }
  }

  /**
   * Delays every packet `client`'s router forwards by `ms`, each way. This kernel, like many
   * container kernels, is built without `sch_netem` (`tc … netem` answers "Specified qdisc kind
   * is unknown" and there are no modules to load), so the delay is a userspace delay line on a
   * TUN device in the router (`delay_link.ts`), which works on any kernel with `/dev/net/tun`:
   *
   * - policy routing sends whatever arrives on `lan` or `wan` into the TUN device; what the delay
   *   line writes back arrives on it and is routed by the main table, out the other side;
   * - a packet thus passes the router's conntrack twice. The pass of the client's own address
   *   (in from `lan`, and back out of the delay line towards `lan`) is left untracked, so the
   *   one conntrack entry of a flow is made on the pass that leaves by `wan`, where masquerade
   *   applies, exactly as without the delay.
   */
  async delay(client: ClientNet, ms: number): Promise<void> {
    const ns = client.routerNs;
    await inNs(ns, "ip", ["tuntap", "add", "dev", DELAY_DEV, "mode", "tun"]);
    const line = new Deno.Command("ip", {
      args: [
        ...["netns", "exec", ns, Deno.execPath(), "run", "--quiet", "--no-config"],
        ...["--allow-ffi", new URL("./delay_link.ts", import.meta.url).pathname, DELAY_DEV],
        String(ms),
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    this.#delayLines.set(client, line);
    const first = await line.stdout.pipeThrough(new TextDecoderStream()).getReader().read();
    if (!first.value?.includes("ready")) throw new Error("the delay line did not start");
    for (const key of ["all", "default", DELAY_DEV, "lan", "wan"]) {
      await inNs(ns, "sysctl", ["-qw", `net.ipv4.conf.${key}.rp_filter=0`]);
    }
    await inNs(ns, "ip", ["link", "set", DELAY_DEV, "up"]);
    await inNs(ns, "ip", ["route", "add", "default", "dev", DELAY_DEV, "table", "100"]);
    const lan = client.address.replace(/\.\d+$/, ".0/24");
    await inNs(
      ns,
      "nft",
      ["-f", "-"],
      `
table ip lab {
  chain untracked {
    type filter hook prerouting priority raw; policy accept;
    iifname "lan" notrack
    iifname "${DELAY_DEV}" ip daddr ${lan} notrack
  }
}
`,
    );
    for (const dev of ["lan", "wan"]) {
      await inNs(ns, "ip", ["rule", "add", "iif", dev, "lookup", "100", "pref", "100"]);
    }
  }

  /**
   * Takes the shaping of {@linkcode Lab.shape} off `client`'s access link: the link is as built
   * again. The delay line is left out of the path before its conntrack rules go, so the few
   * packets in it then are lost, as on a real link that changes.
   */
  async unshape(client: ClientNet): Promise<void> {
    const ns = client.routerNs;
    const quiet = (p: Promise<unknown>) => p.catch(() => {/* was not shaped so */});
    for (const dev of ["lan", "wan"]) {
      await quiet(inNs(ns, "ip", ["rule", "del", "iif", dev, "lookup", "100"]));
    }
    for (const chain of ["untracked", "shape"]) {
      await quiet(inNs(ns, "nft", ["delete", "chain", "ip", "lab", chain]));
    }
    for (const dev of ["wan", "lan"]) {
      await quiet(inNs(ns, "tc", ["qdisc", "del", "dev", dev, "root"]));
    }
    const line = this.#delayLines.get(client);
    if (line) {
      this.#delayLines.delete(client);
      line.kill("SIGKILL");
      await line.status;
      await quiet(inNs(ns, "ip", ["route", "flush", "table", "100"]));
      await quiet(inNs(ns, "ip", ["tuntap", "del", "dev", DELAY_DEV, "mode", "tun"]));
    }
  }

  /**
   * Gives `client`'s router a new public address (its ISP renumbered it), removing the old one:
   * masquerade forgets every mapping of the old address, so flows through it break as on a real
   * renumbering. Returns the new address.
   */
  async renumber(client: ClientNet): Promise<string> {
    const n = this.clients.indexOf(client) + 1;
    const old = client.publicAddress;
    const next = `203.0.113.${old === `203.0.113.${10 + n}` ? 100 + n : 10 + n}`;
    // Old one out first: deleting a primary address also deletes the secondaries of its subnet.
    await inNs(client.routerNs, "ip", ["addr", "del", `${old}/24`, "dev", "wan"]);
    await inNs(client.routerNs, "ip", ["addr", "add", `${next}/24`, "dev", "wan"]);
    client.publicAddress = next;
    return next;
  }

  /** Kills what still runs in the lab and deletes its namespaces. Safe to call twice. */
  destroy(): Promise<void> {
    return this.#destroyed ??= (async () => {
      live.delete(this);
      await destroyNamespaces([...this.#namespaces].reverse());
    })();
  }
}

/**
 * The router's nftables ruleset for `opts`.
 *
 * Unsolicited packets from the WAN are dropped in `prerouting`, after conntrack has looked at
 * them but before their entry is confirmed, so they leave no conntrack entry behind. This matters
 * for hole punching: a peer's first check arriving before we sent anything would otherwise
 * create an entry whose tuple clashes with the mapping our own check then needs, and Linux would
 * move that mapping to another port (address-dependent mapping, unlike a home router).
 */
export function natRules(opts: ClientOptions): string {
  const masquerade = opts.nat === "symmetric" ? "masquerade fully-random" : "masquerade";
  return `
table ip lab {
  chain prerouting {
    type filter hook prerouting priority filter; policy accept;
    iifname "wan" ct state new drop
  }
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "wan" ${masquerade}
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    ${opts.blockUdp ? 'iifname "lan" meta l4proto udp drop' : ""}
  }
}
`;
}

/** Sweeps stale labs, then builds a new lab's public segment. */
export async function createLab(): Promise<Lab> {
  await sweepStaleLabs();
  const rand = crypto.getRandomValues(new Uint8Array(3));
  const hex = [...rand].map((b) => b.toString(16).padStart(2, "0")).join("");
  const lab = new Lab(`${LAB_PREFIX}${Deno.pid}-${hex}`);
  live.add(lab);
  hookSignals();
  try {
    await lab.buildPublic();
  } catch (err) {
    await lab.destroy();
    throw err;
  }
  return lab;
}

/** On SIGINT/SIGTERM, destroy the live labs before exiting. */
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(sig, async () => {
      await Promise.allSettled([...live].map((l) => l.destroy()));
      Deno.exit(130);
    });
  }
}
