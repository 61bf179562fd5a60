/**
 * What a guest sees while the call is open and they are not in it yet: an invited guest
 * waits for the professional, a visitor has knocked and waits to be let in (see
 * `guestArrival` in domain/participants.ts). The call island takes this place once signaling
 * seats guests.
 */
import type { Guest, Professional } from "../domain/store.ts";

export function GuestWaiting(props: { guest: Guest; professional: Professional }) {
  const { guest: g, professional: p } = props;
  if (g.origin === "visitor" && g.admittedAt === null) {
    return (
      <section class="card" data-guest-state="knocking" aria-live="polite">
        <h2>Waiting to be let in</h2>
        <p>
          {p.name} can see that {g.name}{" "}
          would like to join and will let you in. Please keep this page open.
        </p>
      </section>
    );
  }
  return (
    <section class="card" data-guest-state="waiting" aria-live="polite">
      <h2>You are invited as {g.role}</h2>
      <p>
        {p.name} lets you into the call when it starts. Please keep this page open.
      </p>
    </section>
  );
}
