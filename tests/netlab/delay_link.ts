/**
 * A userspace delay line for the network lab, for kernels built without `sch_netem` (this
 * machine's: no `tc … netem`, no modules to load). Run inside a router namespace:
 *
 * ```sh
 * ip netns exec ROUTER deno run --allow-ffi delay_link.ts dly0 150
 * ```
 *
 * It attaches to the TUN device `dly0` (made beforehand with `ip tuntap add`), reads every IP
 * packet the router routes into it and writes each one back `ms` milliseconds later, in order;
 * the router then forwards it on as if it had just arrived (see {@linkcode Lab.shape} for the
 * routing and conntrack rules around it). Prints `ready` once attached. Deno has no TUN API, so
 * the device is opened through libc with FFI; reads block on a worker thread (`nonblocking`).
 */

const TUNSETIFF = 0x400454ca;
const IFF_TUN = 0x0001;
const IFF_NO_PI = 0x1000;
const O_RDWR = 2;
/** Larger than any packet the lab's 1500-byte links carry. */
const MAX_PACKET = 65_536;

const [dev, msArg] = Deno.args;
const delayMs = Number(msArg);
if (!dev || dev.length > 15 || !Number.isFinite(delayMs) || delayMs < 0) {
  console.error("usage: delay_link.ts DEVICE MILLISECONDS");
  Deno.exit(2);
}

const libc = Deno.dlopen("libc.so.6", {
  open: { parameters: ["buffer", "i32"], result: "i32" },
  ioctl: { parameters: ["i32", "u64", "buffer"], result: "i32" },
  read: { parameters: ["i32", "buffer", "usize"], result: "isize", nonblocking: true },
  write: { parameters: ["i32", "buffer", "usize"], result: "isize" },
});

const fd = libc.symbols.open(new TextEncoder().encode("/dev/net/tun\0"), O_RDWR);
if (fd < 0) throw new Error("cannot open /dev/net/tun");
// struct ifreq: the name (16 bytes, NUL-terminated), then ifr_flags (a short); 40 bytes in all.
const ifreq = new Uint8Array(40);
ifreq.set(new TextEncoder().encode(dev));
new DataView(ifreq.buffer).setUint16(16, IFF_TUN | IFF_NO_PI, true);
if (libc.symbols.ioctl(fd, BigInt(TUNSETIFF), ifreq) < 0) {
  throw new Error(`cannot attach to ${dev} (TUNSETIFF)`);
}
console.log("ready");

/** Packets read and not yet written back, oldest first, with when each is due. */
const due: { at: number; packet: Uint8Array }[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

function flush(): void {
  timer = undefined;
  const now = performance.now();
  while (due.length > 0 && due[0].at <= now) {
    const { packet } = due.shift()!;
    libc.symbols.write(fd, packet, BigInt(packet.length));
  }
  if (due.length > 0) timer = setTimeout(flush, Math.max(0, due[0].at - performance.now()));
}

const buf = new Uint8Array(MAX_PACKET);
while (true) {
  const n = Number(await libc.symbols.read(fd, buf, BigInt(buf.length)));
  if (n < 0) throw new Error(`read from ${dev} failed`);
  due.push({ at: performance.now() + delayMs, packet: buf.slice(0, n) });
  if (timer === undefined) timer = setTimeout(flush, delayMs);
}
