/**
 * Every catalog has exactly English's keys, each message with English's placeholders and tags,
 * and the messages islands fill themselves use plain `{name}` placeholders only.
 */
import { deepEqual, equal } from "node:assert/strict";
import { type MessageFormatElement, parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { CATALOGS } from "./catalogs.ts";
import { ISLAND_PREFIXES } from "./island_strings.ts";
import { LOCALES } from "./locales.ts";

const en = CATALOGS.en;

/** The argument and tag names a message uses, sorted (`#` of a plural is not one). */
function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
      names.add(el.type === TYPE.tag ? `<${el.value}>` : el.value);
      if (el.type === TYPE.tag) walk(el.children);
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        for (const option of Object.values(el.options)) walk(option.value);
      }
    }
  };
  walk(parse(message));
  return [...names].sort();
}

for (const locale of LOCALES.filter((l) => l !== "en")) {
  Deno.test(`the ${locale} catalog has every English key and no other`, () => {
    const catalog = CATALOGS[locale];
    deepEqual(Object.keys(en).filter((k) => !(k in catalog)), [], `missing in ${locale}`);
    deepEqual(Object.keys(catalog).filter((k) => !(k in en)), [], `unknown in ${locale}`);
  });

  Deno.test(`the ${locale} messages have English's placeholders`, () => {
    const catalog = CATALOGS[locale];
    for (const [key, message] of Object.entries(en)) {
      if (!(key in catalog)) continue;
      deepEqual(placeholders(catalog[key]), placeholders(message), `${locale} ${key}`);
    }
  });
}

Deno.test("every message of every catalog is valid ICU and none is empty", () => {
  for (const locale of LOCALES) {
    for (const [key, message] of Object.entries(CATALOGS[locale])) {
      equal(message.trim().length > 0, true, `${locale} ${key} is empty`);
      parse(message);
    }
  }
});

Deno.test("island messages use plain {name} placeholders only", () => {
  for (const locale of LOCALES) {
    for (const [key, message] of Object.entries(CATALOGS[locale])) {
      if (!ISLAND_PREFIXES.some((p) => key.startsWith(p))) continue;
      for (const el of parse(message)) {
        equal(
          el.type === TYPE.literal || el.type === TYPE.argument,
          true,
          `${locale} ${key}: islands fill only {name}`,
        );
      }
    }
  }
});
