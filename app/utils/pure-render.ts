import type { EntryContext } from "@remix-run/node";

/**
 * A route module's `handle` may say `{ pureRender: true }`: its page (with the layout around it)
 * depends on nothing but the URL and the loaders' data: no clock, no randomness, no cookie read
 * while rendering. entry.server then renders it once per distinct data and serves that HTML.
 */
export interface PureRenderHandle {
  pureRender?: boolean;
}

/** Whether the page answering this request is one that renders purely (the deepest route decides; the layout routes are pure). */
export function rendersPurely(remixContext: EntryContext): boolean {
  const matches = remixContext.staticHandlerContext.matches;
  const leaf = matches[matches.length - 1];
  if (!leaf) return false;
  const handle = remixContext.routeModules[leaf.route.id]?.handle as PureRenderHandle | undefined;
  return handle?.pureRender === true;
}
