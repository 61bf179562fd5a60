/**
 * Reading a request body with a byte cap. `req.text()`, `req.json()` and
 * `req.formData()` buffer the whole body before anyone can look at its size,
 * so a chunked body without `Content-Length` could fill the memory. Every
 * route reads its body here instead: from the web `Request.body` stream, a
 * chunk at a time, cancelling the stream as soon as the cap is passed.
 *
 * @example
 * const body = await readForm(req, MAX_FORM_BYTES);
 * if (!body.ok) return body.reason === "too_large" ? tooLarge() : unreadable();
 */

/** Cap for the app's own HTML forms (a few short fields). */
export const MAX_FORM_BYTES = 16 * 1024;
/** Cap for the small JSON API bodies. */
export const MAX_JSON_BYTES = 8 * 1024;

/** Why a body could not be used. */
export type BodyFailure =
  /** Longer than the cap: answer 413. */
  | "too_large"
  /** Broken off, not the declared type or not parseable: answer 400. */
  | "unreadable";

export type BodyResult<T> = { ok: true; value: T } | { ok: false; reason: BodyFailure };

/**
 * The body's bytes, at most `maxBytes` of them. A declared `Content-Length`
 * over the cap is refused unread; otherwise the stream is read until it ends
 * or passes the cap, and then cancelled, so at most one chunk past the cap is
 * ever held.
 */
export async function readBytes(req: Request, maxBytes: number): Promise<BodyResult<Uint8Array>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= maxBytes)) {
    await cancelQuietly(req.body);
    return { ok: false, reason: "too_large" };
  }
  if (req.body === null) return { ok: true, value: new Uint8Array() };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => {});
        return { ok: false, reason: "too_large" };
      }
      chunks.push(value);
    }
  } catch {
    // The client broke the body off (reset, bad chunk framing).
    return { ok: false, reason: "unreadable" };
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, value: bytes };
}

/**
 * A posted form (urlencoded or multipart), parsed by the platform's own form
 * parser once the capped bytes are in.
 */
export async function readForm(req: Request, maxBytes: number): Promise<BodyResult<FormData>> {
  const bytes = await readBytes(req, maxBytes);
  if (!bytes.ok) return bytes;
  const type = req.headers.get("content-type") ?? "";
  try {
    const form = await new Request("http://body.invalid/", {
      method: "POST",
      headers: { "content-type": type },
      body: bytes.value as Uint8Array<ArrayBuffer>,
    }).formData();
    return { ok: true, value: form };
  } catch {
    return { ok: false, reason: "unreadable" };
  }
}

/** A JSON body (UTF-8), parsed once the capped bytes are in. */
export async function readJson(req: Request, maxBytes: number): Promise<BodyResult<unknown>> {
  const bytes = await readBytes(req, maxBytes);
  if (!bytes.ok) return bytes;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.value);
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: "unreadable" };
  }
}

async function cancelQuietly(body: ReadableStream | null): Promise<void> {
  if (body && !body.locked) await body.cancel().catch(() => {});
}
