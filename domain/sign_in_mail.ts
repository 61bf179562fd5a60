/** The words of the sign-in email. Plain text: every mail client shows it as sent. */

/** Subject and body of the mail carrying a sign-in link. */
export function signInMail(input: { name: string; url: string; minutes: number }): {
  subject: string;
  text: string;
} {
  return {
    subject: "Your Frontdesk sign-in link",
    text: `Hello ${input.name},

Open this link to sign in to your Frontdesk dashboard:

${input.url}

It works once, within ${input.minutes} minutes. If you did not ask to sign in, ignore this
email: nobody can sign in without the link.
`,
  };
}

/** Subject and body of the invitation a new professional receives. */
export function invitationMail(input: {
  name: string;
  invitedBy: string;
  url: string;
  loginUrl: string;
  days: number;
}): { subject: string; text: string } {
  return {
    subject: "You are invited to Frontdesk",
    text: `Hello ${input.name},

${input.invitedBy} added you to Frontdesk, where you run your video appointments.

Open this link to sign in for the first time:

${input.url}

It works once, within ${input.days} days. Afterwards, sign in any time at
${input.loginUrl} with this email address.
`,
  };
}
