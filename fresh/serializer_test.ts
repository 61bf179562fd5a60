import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { computed, Signal, signal } from "@preact/signals";
import { h } from "preact";
import { deserializeState, escapeForScript, SerializeError, serializeState } from "./serializer.ts";

Deno.test("serializer round-trips JSON values, undefined, Date, bigint and odd numbers", () => {
  const props = {
    text: "a</script><!--",
    n: 1.5,
    flags: [true, false, null],
    nested: { list: [{ a: 1 }, undefined], empty: {} },
    missing: undefined,
    when: new Date("2025-01-02T03:04:05.000Z"),
    big: 12345678901234567890n,
    inf: Infinity,
    nan: NaN,
    tagLike: { _f: "u", other: 1 },
  };
  const [back] = deserializeState(serializeState([{ island: "Echo", props }]));
  deepStrictEqual(back, props);
  ok("missing" in back);
  ok(back.when instanceof Date);
});

Deno.test("serializer brings signals back as signals, shared ones shared", () => {
  const count = signal(3);
  const double = computed(() => count.value * 2);
  const json = serializeState([
    { island: "A", props: { count, double, box: { inner: signal([1, 2]) } } },
    { island: "B", props: { count } },
  ]);
  const [a, b] = deserializeState(json);
  ok(a.count instanceof Signal);
  equal((a.count as Signal).value, 3);
  equal((a.double as Signal).value, 6);
  deepStrictEqual((a.box as { inner: Signal }).inner.value, [1, 2]);
  equal(a.count, b.count, "the same signal on two islands stays one signal");
});

Deno.test("serializer refuses functions, naming island and prop", () => {
  throws(
    () => serializeState([{ island: "Counter", props: { onClick: () => {} } }]),
    (error: Error) =>
      error instanceof SerializeError && /Island "Counter" prop "onClick" is a function/
        .test(error.message),
  );
  throws(
    () => serializeState([{ island: "Deep", props: { a: { b: [1, () => {}] } } }]),
    /Island "Deep" prop "a.b\[1\]" is a function/,
  );
});

Deno.test("serializer refuses JSX, class instances and cycles", () => {
  throws(
    () => serializeState([{ island: "X", props: { child: h("b", null) } }]),
    /prop "child" is JSX/,
  );
  throws(() => serializeState([{ island: "X", props: { m: new Map() } }]), /instance of Map/);
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  throws(() => serializeState([{ island: "X", props: { cycle } }]), /part of a cycle/);
});

Deno.test("escapeForScript leaves no way to close the script element", () => {
  const json = escapeForScript(serializeState([{ island: "X", props: { s: "</script>" } }]));
  ok(!json.includes("<"));
  deepStrictEqual(deserializeState(json)[0], { s: "</script>" });
});
