/** Landing page: what Frontdesk is and how a professional gets started. No island, no script. */
export default function Home() {
  return (
    <main class="page">
      <p class="brand">Frontdesk</p>
      <h1>Video appointments your clients can just open</h1>
      <p class="lead">
        Frontdesk is a video appointment room for doctors, therapists, tutors and coaches. You
        schedule an appointment and send your client a signed link. They open it in any modern
        browser — nothing to install, no account — check their camera and microphone, and wait. Your
        dashboard shows the moment they are waiting; you join, and you talk over a direct, encrypted
        peer-to-peer call.
      </p>
      <p>
        <a class="button primary" href="/login">Sign in</a>
      </p>
      <h2>Getting started as a professional</h2>
      <ol class="steps">
        <li>
          Ask whoever runs this Frontdesk to add you with your email address. On their server they
          run <code>deno task pro add "Your Name" --email you@example.com</code>.
        </li>
        <li>
          <a href="/login">Sign in</a>{" "}
          with that address: we email you a link that opens your dashboard. From there, create an
          appointment with your client's name, the start time and the duration.
        </li>
        <li>
          Copy the appointment's client link and send it to your client. It opens the appointment
          shortly before it starts and closes after it ends; you can revoke it at any time.
        </li>
        <li>When your client is waiting, your dashboard tells you. Join the call.</li>
      </ol>
      <h2>For clients</h2>
      <p>
        Open the link your professional sent you. You will see the appointment time, a check of your
        camera and microphone, and a waiting room until they let you in.
      </p>
    </main>
  );
}
