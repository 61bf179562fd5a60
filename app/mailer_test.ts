import { equal, ok } from "node:assert/strict";
import { mailerFor, sendInBackground } from "./mailer.ts";

Deno.test("no mailer without SMTP_URL", () => {
  equal(mailerFor({ smtpUrl: undefined, mailFrom: undefined }), null);
});

Deno.test("a failed mail is logged with its codes only, never the address or the reply", async () => {
  const lines: string[] = [];
  const original = console.error;
  console.error = (line: string) => lines.push(line);
  try {
    let attempted!: () => void;
    const failed = new Promise<void>((resolve) => (attempted = resolve));
    sendInBackground(
      {
        send() {
          const err = Object.assign(new Error("550 <ada@example.com> mailbox unavailable"), {
            code: "EENVELOPE",
            responseCode: 550,
          });
          queueMicrotask(attempted);
          return Promise.reject(err);
        },
      },
      () => Promise.resolve({ to: "ada@example.com", subject: "s", text: "t" }),
      "test mail",
    );
    await failed;
    await new Promise((r) => setTimeout(r, 0));
  } finally {
    console.error = original;
  }
  equal(lines.length, 1);
  ok(lines[0].includes('"code":"EENVELOPE"') && lines[0].includes('"responseCode":550'));
  ok(!lines[0].includes("ada@example.com"));
});
