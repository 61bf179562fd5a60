/**
 * A full garbage collection in a server under test, through its V8 inspector
 * (`HeapProfiler.collectGarbage`), so that memory is read as live data and not as garbage that
 * happens not to be collected yet. Works the same for Deno and Node.
 */

/** A free loopback port for `--inspect=127.0.0.1:<port>`. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/**
 * Runs a full GC in the process whose inspector listens on `port`; resolves when it is done. A
 * failed inspector socket is tried again, twice, a second apart: once in a full run (2026-12-04,
 * the bare relay holding 10,000 sockets) the socket failed to open and the whole run was lost.
 */
export async function collectGarbage(port: number, timeoutMs = 30_000): Promise<void> {
  for (let attempt = 1;; attempt++) {
    try {
      return await collectOnce(port, timeoutMs);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof InspectorSocketError)) throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}

/** The inspector's WebSocket could not be opened (after the retries of collectGarbage). */
export class InspectorSocketError extends Error {}

async function collectOnce(port: number, timeoutMs: number): Promise<void> {
  const res = await fetch(`http://127.0.0.1:${port}/json/list`);
  const [target] = await res.json() as { webSocketDebuggerUrl: string }[];
  if (!target) throw new Error(`no inspector target on port ${port}`);
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("inspector GC timed out")), timeoutMs);
      ws.onerror = () => reject(new InspectorSocketError("inspector socket failed"));
      ws.onopen = () => ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" }));
      ws.onmessage = (e) => {
        const msg = JSON.parse(e.data);
        if (msg.id !== 1) return;
        clearTimeout(timer);
        if (msg.error) reject(new Error(`inspector: ${msg.error.message}`));
        else resolve();
      };
    });
  } finally {
    ws.close();
  }
}
