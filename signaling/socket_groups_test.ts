import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { SocketGroups } from "./socket_groups.ts";

Deno.test("SocketGroups counts, lists and forgets sockets by key", () => {
  const groups = new SocketGroups<string>();
  groups.add("a", "s1");
  groups.add("a", "s2");
  groups.add("a", "s2");
  groups.add("b", "s3");
  strictEqual(groups.count("a"), 2);
  const members = groups.members("a");
  for (const s of members) groups.remove("a", s);
  deepStrictEqual(members, ["s1", "s2"], "a copy: removing while iterating is safe");
  strictEqual(groups.count("a"), 0);
  groups.remove("a", "s1");
  groups.remove("missing", "s1");
  deepStrictEqual(groups.members("missing"), []);
  strictEqual(groups.count("b"), 1);
});
