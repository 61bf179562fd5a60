/**
 * The current build id, shared by server and browser code. The server sets it when
 * `createHandler` has built the bundles; the browser boot script sets it before hydrating, so
 * `asset()` gives the same URL on both sides.
 */
let buildId = "";

export function setBuildId(id: string): void {
  buildId = id;
}

export function getBuildId(): string {
  return buildId;
}
