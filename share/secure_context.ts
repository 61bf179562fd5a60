/**
 * Browsers give camera and microphone only to secure contexts: https:// pages, or
 * http://localhost on the same machine. A shared address on plain http:// opens, but nobody
 * reaching it from elsewhere can turn a camera on, so the share task says so at once.
 */

/** The warning for `publicUrl`, or null when it is HTTPS. */
export function insecureWarning(publicUrl: string): string | null {
  if (new URL(publicUrl).protocol === "https:") return null;
  return `Warning: ${publicUrl} is not HTTPS. Browsers allow camera and microphone only on ` +
    "https:// pages (or on localhost), so people opening these links from elsewhere cannot " +
    "turn their camera on. Put TLS in front of the port on the SSH server (a reverse proxy " +
    "such as Caddy or nginx) and set SHARE_PUBLIC_URL=https://… to its address, or share with " +
    "localtunnel (https://) instead.";
}
