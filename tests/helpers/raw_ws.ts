/**
 * A WebSocket client that writes frames by hand over plain TCP, for attacks no well-behaved
 * client library makes: a text message that never ends (FIN=0 and endless continuation frames),
 * and sending on after the server's Close frame. It reads only what it needs back: the server's
 * Close frame (code and reason) and the end of the connection.
 */

/** What the server sent back once it closed. */
export interface RawClose {
  code: number;
  reason: string;
}

/** One masked client frame (RFC 6455 §5.2) with `payload`. */
export function clientFrame(opcode: number, fin: boolean, payload: Uint8Array): Uint8Array {
  const n = payload.byteLength;
  const lengthBytes = n < 126 ? 0 : n < 65536 ? 2 : 8;
  const out = new Uint8Array(2 + lengthBytes + 4 + n);
  out[0] = (fin ? 0x80 : 0) | opcode;
  const view = new DataView(out.buffer);
  if (lengthBytes === 0) out[1] = 0x80 | n;
  else if (lengthBytes === 2) {
    out[1] = 0x80 | 126;
    view.setUint16(2, n);
  } else {
    out[1] = 0x80 | 127;
    view.setBigUint64(2, BigInt(n));
  }
  const maskAt = 2 + lengthBytes;
  const mask = crypto.getRandomValues(new Uint8Array(4));
  out.set(mask, maskAt);
  for (let i = 0; i < n; i++) out[maskAt + 4 + i] = payload[i] ^ mask[i & 3];
  return out;
}

/** An upgraded raw connection. */
export interface RawSocket {
  conn: Deno.Conn;
  /** Resolves with the server's Close frame, or null if the connection ended without one. */
  closeFrame: Promise<RawClose | null>;
  /** Resolves once the server ended or dropped the connection. */
  ended: Promise<void>;
}

/** Parses the first Close frame out of what the server sent (unmasked server frames). */
function findClose(bytes: Uint8Array): RawClose | null | "more" {
  let at = 0;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at] & 0x0f;
    let len = bytes[at + 1] & 0x7f;
    let head = 2;
    if (len === 126) {
      if (at + 4 > bytes.length) return "more";
      len = (bytes[at + 2] << 8) | bytes[at + 3];
      head = 4;
    } else if (len === 127) {
      if (at + 10 > bytes.length) return "more";
      len = Number(new DataView(bytes.buffer, bytes.byteOffset + at + 2, 8).getBigUint64(0));
      head = 10;
    }
    if (at + head + len > bytes.length) return "more";
    if (opcode === 0x8) {
      const body = bytes.subarray(at + head, at + head + len);
      const code = body.length >= 2 ? (body[0] << 8) | body[1] : 1005;
      return { code, reason: new TextDecoder().decode(body.subarray(2)) };
    }
    at += head + len;
  }
  return "more";
}

/**
 * Opens `url` (ws://) with `headers`, checks the 101 answer and starts reading in the
 * background.
 */
export async function openRaw(url: string, headers: Record<string, string>): Promise<RawSocket> {
  const u = new URL(url);
  const conn = await Deno.connect({ hostname: u.hostname, port: Number(u.port) });
  const lines = [
    `GET ${u.pathname}${u.search} HTTP/1.1`,
    `Host: ${u.host}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${
      btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    }`,
    "Sec-WebSocket-Version: 13",
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    "",
    "",
  ];
  await conn.write(new TextEncoder().encode(lines.join("\r\n")));
  let received: Uint8Array = new Uint8Array(0);
  const buf = new Uint8Array(64 * 1024);
  let headEnd = -1;
  while (headEnd < 0) {
    const n = await conn.read(buf);
    if (n === null) throw new Error("connection ended during the handshake");
    received = concat(received, buf.subarray(0, n));
    headEnd = new TextDecoder().decode(received).indexOf("\r\n\r\n");
  }
  const status = new TextDecoder().decode(received).split("\r\n")[0];
  if (!status.startsWith("HTTP/1.1 101")) {
    conn.close();
    throw new Error(`upgrade refused: ${status}`);
  }
  let rest: Uint8Array = received.subarray(headEnd + 4);
  const close = Promise.withResolvers<RawClose | null>();
  const ended = (async () => {
    try {
      let closed = false;
      for (;;) {
        const found = closed ? "more" : findClose(rest);
        if (found !== "more") {
          close.resolve(found);
          closed = true; // then keep reading (and discarding) until the end
        }
        const n = await conn.read(buf);
        if (n === null) break;
        if (!closed) rest = concat(rest, buf.subarray(0, n));
      }
    } catch {
      // Reset by the server: the connection is over all the same.
    }
    close.resolve(null);
  })();
  return { conn, closeFrame: close.promise, ended };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
