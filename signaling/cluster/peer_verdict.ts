/**
 * When another instance counts as dead: its alive key missing at two checks in a row, not one. A
 * busy instance's heartbeat can come late (measured: with 50,000 sockets over three instances on
 * one core, beats 7–11 s apart, each renew taking 2–4 s, against a 10 s TTL); a dead instance's
 * key stays missing, so one more check (a third of the TTL) tells the two apart, and the sockets
 * that depend on a merely slow instance are not closed.
 */
export class PeerVerdict {
  #suspects = new Set<string>();

  /** Given the peers found without an alive key now, returns those found so the check before too. */
  confirm(missing: Iterable<string>): Set<string> {
    const now = new Set(missing);
    const dead = new Set([...now].filter((id) => this.#suspects.has(id)));
    this.#suspects = now;
    return dead;
  }
}
