/**
 * A TCP relay on loopback that delivers every chunk `delayMs` late, in order, both ways, and at
 * most `bytesPerSecond` per connection and direction when given: a far Redis (or any server) on a
 * thin link, for tests whose point is how many round trips something takes, or what waits behind
 * what on one connection.
 */

/** A running relay. */
export interface SlowTcp {
  port: number;
  close(): void;
}

/** Relays 127.0.0.1:<port> to `target` with `delayMs` added each way. */
export function startSlowTcp(
  target: { hostname: string; port: number },
  delayMs: number,
  bytesPerSecond = Infinity,
): SlowTcp {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const pump = async (from: Deno.Conn, to: Deno.Conn) => {
    // Each chunk leaves `delayMs` after it came; writes stay in arrival order.
    let last = Promise.resolve();
    // When the link is free again: a chunk takes its length / bytesPerSecond to pass.
    let free = 0;
    try {
      for await (const chunk of from.readable) {
        free = Math.max(free, performance.now()) + chunk.length / bytesPerSecond * 1000;
        const due = free + delayMs;
        last = last.then(async () => {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          let n = 0;
          while (n < chunk.length) n += await to.write(chunk.subarray(n));
        }).catch(() => {});
      }
    } catch {
      // Closed.
    }
    await last;
    try {
      to.close();
    } catch { /* already */ }
  };
  (async () => {
    for await (const inbound of listener) {
      const outbound = await Deno.connect(target).catch(() => null);
      if (!outbound) {
        inbound.close();
        continue;
      }
      conns.add(inbound).add(outbound);
      void pump(inbound, outbound);
      void pump(outbound, inbound);
    }
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    close() {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* already */ }
      }
    },
  };
}
