/**
 * A raw HTTP/1.1 POST with a chunked body (no `Content-Length`), written over
 * a plain TCP socket so a test controls exactly how much body is sent, and
 * can leave it unfinished, while it reads the server's answer.
 */

/** Options for {@linkcode chunkedPost}. */
export interface ChunkedPostOptions {
  /** Extra request headers (content type, cookie, origin…). */
  headers: Record<string, string>;
  /** Body bytes to send at most (less if the server answers first). */
  totalBytes: number;
  /** Size of each chunk; 64 KiB unless told. */
  chunkBytes?: number;
  /** Send the last chunk after `totalBytes`; false leaves the body unfinished. */
  finish: boolean;
}

/** What the server did with the request. */
export interface ChunkedPost {
  /** Resolves with the answer's head and body once they are complete, or "" if none came. */
  answer: Promise<{ status: number; head: string; body: string }>;
  /** Resolves once sending stopped: all sent, the server answered, or the socket failed. */
  sent: Promise<{ bytes: number; finished: boolean }>;
  close(): void;
}

/** Starts the request; the caller awaits `answer` and `sent`, then calls `close()`. */
export async function chunkedPost(
  url: string,
  opts: ChunkedPostOptions,
): Promise<ChunkedPost> {
  const u = new URL(url);
  const conn = await Deno.connect({ hostname: u.hostname, port: Number(u.port) });
  const head = [
    `POST ${u.pathname}${u.search} HTTP/1.1`,
    `Host: ${u.host}`,
    "Transfer-Encoding: chunked",
    ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`),
    "",
    "",
  ].join("\r\n");
  await conn.write(new TextEncoder().encode(head));

  let answered = false;
  const answer = readAnswer(conn).finally(() => answered = true);
  const stop = answer.then(() => "answered" as const);

  const sent = (async () => {
    const size = opts.chunkBytes ?? 64 * 1024;
    const chunk = new Uint8Array(size + 32);
    const prefix = new TextEncoder().encode(`${size.toString(16)}\r\n`);
    chunk.set(prefix);
    chunk.fill(0x61, prefix.length, prefix.length + size); // "aaaa…"
    chunk.set([0x0d, 0x0a], prefix.length + size);
    const frame = chunk.subarray(0, prefix.length + size + 2);
    let bytes = 0;
    try {
      while (bytes < opts.totalBytes && !answered) {
        // A server that stopped reading leaves this write pending: the answer ends the wait.
        if (await Promise.race([writeAll(conn, frame), stop]) === "answered") break;
        bytes += size;
      }
      if (opts.finish && !answered) await writeAll(conn, new TextEncoder().encode("0\r\n\r\n"));
    } catch {
      // The server closed the connection on us: sending is over.
    }
    return { bytes, finished: opts.finish && bytes >= opts.totalBytes };
  })();

  return {
    answer,
    sent,
    close: () => {
      try {
        conn.close();
      } catch { /* already closed */ }
    },
  };
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<"written"> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
  return "written";
}

/** Reads one response (head, then `Content-Length` bytes of body, or until close). */
async function readAnswer(
  conn: Deno.Conn,
): Promise<{ status: number; head: string; body: string }> {
  const decoder = new TextDecoder();
  const buf = new Uint8Array(16 * 1024);
  let text = "";
  try {
    while (true) {
      const n = await conn.read(buf);
      if (n === null) break;
      text += decoder.decode(buf.subarray(0, n), { stream: true });
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) continue;
      const length = Number(text.slice(0, end).match(/^content-length:\s*(\d+)/im)?.[1] ?? NaN);
      if (new TextEncoder().encode(text.slice(end + 4)).length >= length) break;
    }
  } catch {
    // reset by the server; keep what arrived
  }
  const end = text.indexOf("\r\n\r\n");
  const headText = end < 0 ? text : text.slice(0, end);
  return {
    status: Number(headText.match(/^HTTP\/1\.1 (\d{3})/)?.[1] ?? 0),
    head: headText,
    body: end < 0 ? "" : text.slice(end + 4),
  };
}
