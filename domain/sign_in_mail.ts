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
