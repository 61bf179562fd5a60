/** Validation of a person's display name (a client, or a professional). */

/** Longest accepted name, in characters. */
export const MAX_NAME_CHARS = 80;

/** The trimmed name, or a plain-English reason it cannot be used. */
export function checkPersonName(
  raw: string,
): { ok: true; value: string } | { ok: false; error: string } {
  const value = raw.normalize("NFC").trim();
  if (value === "") return { ok: false, error: "Please enter a name." };
  if ([...value].length > MAX_NAME_CHARS) {
    return { ok: false, error: `Please keep the name to ${MAX_NAME_CHARS} characters or fewer.` };
  }
  if (/\p{Cc}/u.test(value)) {
    return { ok: false, error: "The name contains characters that cannot be shown." };
  }
  return { ok: true, value };
}
