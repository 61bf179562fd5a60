import assert from "node:assert/strict";
import { initialsOf } from "./initials.ts";
import "./english_words.ts";

Deno.test("initialsOf: first and last word's first letter, upper case", () => {
  assert.equal(initialsOf("Maria José García"), "MG");
  assert.equal(initialsOf("ada lovelace"), "AL");
  assert.equal(initialsOf("  Ada  "), "A");
  assert.equal(initialsOf("Émile Zola"), "ÉZ");
  assert.equal(initialsOf("(Maria) - Ortiz"), "MO", "punctuation is not a letter");
  assert.equal(initialsOf("Łukasz"), "Ł");
  assert.equal(initialsOf("李 小龍"), "李小");
});

Deno.test("initialsOf: a name without letters gives a question mark", () => {
  assert.equal(initialsOf(""), "?");
  assert.equal(initialsOf(" - "), "?");
});
