/**
 * Server side of islands. As in Fresh 1.x, preact's `options.vnode` hook swaps each island
 * component for a wrapper while a page renders. The wrapper records the props and surrounds the
 * island's HTML with `<!--frsh-ID:N-->…<!--/frsh-ID:N-->` so the browser can find and hydrate it.
 * An island rendered inside another island is a plain component: the outer one hydrates it.
 */
import {
  type ComponentChildren,
  type ComponentType,
  createContext,
  Fragment,
  h,
  options,
  type VNode,
} from "preact";
import { useContext } from "preact/hooks";
import type { IslandProps } from "./serializer.ts";

export interface IslandInfo {
  /** Marker id, e.g. `counter_default`; also the key the boot script revives. */
  id: string;
  /** File name without extension, e.g. `Counter`: used in error messages. */
  name: string;
  /** Manifest key, e.g. `./islands/Counter.tsx`. */
  file: string;
  component: ComponentType;
}

/** What one page render collected. */
export interface RenderCollector {
  /** Islands in marker order, with their props. */
  islands: IslandProps[];
  /** The island id of each entry in `islands`. */
  ids: string[];
}

const InsideIsland = createContext(false);
const wrappers = new Map<ComponentType, ComponentType>();
let current: RenderCollector | null = null;
/** Set while a wrapper creates the vnode of the real island, so the hook leaves it alone. */
let bypass = false;

/** Makes these components islands for every later render in this process. */
export function registerIslands(islands: IslandInfo[]): void {
  for (const island of islands) {
    if (!wrappers.has(island.component)) {
      wrappers.set(island.component, makeWrapper(island));
    }
  }
}

/**
 * Runs a synchronous render and returns what it collected. Renders are synchronous, so one
 * module-level collector is safe even with concurrent requests.
 */
export function collectIslands<T>(render: () => T): { result: T; collected: RenderCollector } {
  const collected: RenderCollector = { islands: [], ids: [] };
  const previous = current;
  current = collected;
  try {
    return { result: render(), collected };
  } finally {
    current = previous;
  }
}

/** `frsh-counter_default:0`: the text of an island's opening comment. */
export function markerText(id: string, index: number): string {
  return `frsh-${id}:${index}`;
}

function makeWrapper(island: IslandInfo): ComponentType {
  function IslandMarkers(props: Record<string, unknown>) {
    const inside = useContext(InsideIsland);
    bypass = true;
    let inner: VNode;
    try {
      inner = h(island.component, props);
    } finally {
      bypass = false;
    }
    if (inside || current === null) return inner;
    const index = current.islands.length;
    current.islands.push({ island: island.name, props });
    current.ids.push(island.id);
    const marker = markerText(island.id, index);
    return h(
      Fragment,
      null,
      comment(marker),
      h(InsideIsland.Provider, { value: true }, inner),
      comment(`/${marker}`),
    );
  }
  IslandMarkers.displayName = `Island(${island.name})`;
  return IslandMarkers;
}

/** preact-render-to-string writes `<!--text-->` for a Fragment with `UNSTABLE_comment`. */
function comment(text: string): ComponentChildren {
  return h(Fragment, { UNSTABLE_comment: text } as Record<string, unknown>);
}

const previousVnodeHook = options.vnode;
options.vnode = (vnode) => {
  if (!bypass && typeof vnode.type === "function") {
    const wrapper = wrappers.get(vnode.type as ComponentType);
    if (wrapper) vnode.type = wrapper;
  }
  previousVnodeHook?.(vnode);
};
