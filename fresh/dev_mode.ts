/**
 * Whether `dev()` started this process. A global flag (not an env variable) so it needs no
 * permission and cannot leak into child processes.
 */
const DEV_FLAG = Symbol.for("fresh.dev");

export function setDevMode(): void {
  (globalThis as Record<symbol, unknown>)[DEV_FLAG] = true;
}

export function isDevMode(): boolean {
  return (globalThis as Record<symbol, unknown>)[DEV_FLAG] === true;
}
