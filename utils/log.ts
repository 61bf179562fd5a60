/**
 * Structured one-line logging. Callers pass only non-identifying fields:
 * never a token, a secret or a client's name.
 */

type Level = "info" | "warn" | "error";

function write(
  level: Level,
  msg: string,
  fields?: Record<string, unknown>,
): void {
  const line = JSON.stringify({
    t: new Date().toISOString(),
    level,
    msg,
    ...fields,
  });
  if (level === "info") console.info(line);
  else if (level === "warn") console.warn(line);
  else console.error(line);
}

/** The application logger. */
export const log = {
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
