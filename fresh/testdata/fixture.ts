/** Shared by the unit tests: the fixture app's handler, built once per test file. */
import { createHandler, type RequestHandler } from "../server.ts";
import manifest from "./app/fresh.gen.ts";

export { manifest };

let handler: Promise<RequestHandler> | null = null;

export function fixtureHandler(): Promise<RequestHandler> {
  handler ??= createHandler(manifest);
  return handler;
}

/** Sends a request to the fixture app; `path` may hold a query string. */
export async function request(path: string, init?: RequestInit): Promise<Response> {
  return (await fixtureHandler())(new Request(`http://localhost${path}`, init));
}

/** Captures console.error while `fn` runs. */
export async function capturingErrors<T>(fn: () => Promise<T>): Promise<[T, string]> {
  const original = console.error;
  const lines: string[] = [];
  console.error = (...args: unknown[]) => lines.push(args.map(String).join(" "));
  try {
    return [await fn(), lines.join("\n")];
  } finally {
    console.error = original;
  }
}
