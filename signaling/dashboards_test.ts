import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { Dashboards } from "./dashboards.ts";

class Sink {
  got: string[] = [];
  send(text: string) {
    this.got.push(text);
  }
}

Deno.test("Dashboards: a status reaches only its professional's dashboards", () => {
  const d = new Dashboards<Sink>();
  const a1 = new Sink(), a2 = new Sink(), b = new Sink();
  d.add("a", a1);
  d.add("a", a2);
  d.add("b", b);
  strictEqual(d.size, 3);
  d.send("a", "x");
  deepStrictEqual([a1.got, a2.got, b.got], [["x"], ["x"], []]);
  d.send("nobody", "y");
  strictEqual(a1.got.length, 1);
});

Deno.test("Dashboards: removing the last socket forgets the professional", () => {
  const d = new Dashboards<Sink>();
  const s = new Sink();
  d.add("a", s);
  d.remove("a", new Sink());
  strictEqual(d.has("a"), true);
  d.remove("a", s);
  strictEqual(d.has("a"), false);
  strictEqual(d.size, 0);
  d.send("a", "x");
  deepStrictEqual(s.got, []);
});
