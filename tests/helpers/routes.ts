/**
 * What the route-wide tests (the authorization matrix, the fuzz test) share: the demo accounts
 * that play each actor, and the URL of a flat route file.
 */

/**
 * One account per actor: a starred actor is the same role for ANOTHER bureau / community /
 * organization than the one owning the demo's 金水区 objects.
 */
export const DEMO_ACTORS = [
  ["anon", null],
  ["admin", "admin"],
  ["bureau", "bureau.jinshui"],
  ["bureau*", "bureau.erqi"],
  ["community", "community.fengle"],
  ["community*", "community.daxuelu"],
  ["resident", "resident.fengle"],
  ["agency", "agency.anyuan"],
  ["agency*", "agency.huilin"],
  ["expert", "expert1"],
  ["evaluator", "evaluator.demo"],
] as const;

/** The URL path of a flat route file (app/routes) for the given params. */
export function routePath(file: string, params: Record<string, string>) {
  const name = file.replace(/\.tsx?$/, "").replaceAll("[.]", "\u0000");
  const parts: string[] = [];
  for (const raw of name.split(".")) {
    const segment = raw.replaceAll("\u0000", ".");
    if (segment === "_index" || segment.startsWith("_")) continue;
    const plain = segment.endsWith("_") ? segment.slice(0, -1) : segment;
    if (plain === "$") parts.push(params["*"] ?? "nowhere");
    else if (plain.startsWith("$")) {
      const [param, ...rest] = plain.slice(1).split(".");
      parts.push([encodeURIComponent(params[param] ?? ""), ...rest].join("."));
    } else parts.push(plain);
  }
  return "/" + parts.join("/");
}
