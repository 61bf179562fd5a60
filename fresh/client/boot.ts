/**
 * Browser boot module. The page's inline module script imports it and the islands present on
 * the page, then calls `revive`, which hydrates every island between its comment markers with
 * the props the server serialized into `#__FRSH_STATE`.
 */
import { type ComponentType, h, hydrate } from "preact";
import { setBuildId } from "../build_id.ts";
import { deserializeState } from "../serializer.ts";
import { createRootFragment } from "./root_fragment.ts";

const MARKER = /^frsh-(.+):(\d+)$/;

/**
 * @param islands island id (e.g. `counter_default`) → component.
 * @param buildId the server's build id, so `asset()` agrees with the server render.
 */
export function revive(islands: Record<string, ComponentType>, buildId: string): void {
  setBuildId(buildId);
  const stateText = document.getElementById("__FRSH_STATE")?.textContent;
  const props = stateText ? deserializeState(stateText) : [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
  const starts: Comment[] = [];
  while (walker.nextNode()) starts.push(walker.currentNode as Comment);
  for (const start of starts) {
    const match = MARKER.exec(start.data);
    const component = match && islands[match[1]];
    if (!match || !component) continue;
    const end = findEnd(start, `/${start.data}`);
    if (!end) continue;
    hydrate(h(component, props[Number(match[2])] ?? {}), createRootFragment(start, end));
  }
}

function findEnd(start: Comment, text: string): Comment | null {
  for (let node = start.nextSibling; node; node = node.nextSibling) {
    if (node.nodeType === Node.COMMENT_NODE && (node as Comment).data === text) {
      return node as Comment;
    }
  }
  return null;
}
