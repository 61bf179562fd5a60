/** `deno task start`: refreshes `fresh.gen.ts` if routes or islands changed, then runs main.ts. */
import { dev } from "$fresh/dev.ts";

await dev(import.meta.url, "./main.ts");
