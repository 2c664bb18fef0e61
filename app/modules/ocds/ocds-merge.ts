/**
 * Compiling a record from releases by the OCDS merge rules (1.1): releases are applied oldest
 * first; objects merge field by field; an array of objects that all carry an `id` merges item by
 * item on that id (new ids are appended); any other array, and any other value, is replaced by
 * the later release's. The release's own `id`, `date` and `tag` are not merged (omitWhenMerged):
 * the compiled release gets the tag "compiled", the date of the latest release and an id made
 * of the ocid and that date.
 */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const hasIds = (items: Json[]): items is JsonObject[] => items.length > 0 && items.every((item) => isObject(item) && (typeof item.id === "string" || typeof item.id === "number"));

function mergeValue(earlier: Json | undefined, later: Json): Json {
  if (isObject(earlier) && isObject(later)) return mergeObjects(earlier, later);
  if (Array.isArray(earlier) && Array.isArray(later) && hasIds(earlier) && hasIds(later)) {
    const merged = earlier.map((item) => ({ ...item }));
    for (const item of later) {
      const at = merged.findIndex((m) => String(m.id) === String(item.id));
      if (at >= 0) merged[at] = mergeObjects(merged[at], item);
      else merged.push(item);
    }
    return merged;
  }
  return later;
}

function mergeObjects(earlier: JsonObject, later: JsonObject): JsonObject {
  const out: JsonObject = { ...earlier };
  for (const [key, value] of Object.entries(later)) {
    // A null in a later release removes the field.
    if (value === null) delete out[key];
    else out[key] = mergeValue(out[key], value);
  }
  return out;
}

const OMIT_WHEN_MERGED = new Set(["id", "date", "tag"]);

export function compileReleases(releases: JsonObject[]): JsonObject {
  if (releases.length === 0) throw new RangeError("a record needs at least one release");
  const ordered = [...releases].sort((a, b) => String(a.date).localeCompare(String(b.date)));
  let compiled: JsonObject = {};
  for (const release of ordered) {
    const fields = Object.fromEntries(Object.entries(release).filter(([key]) => !OMIT_WHEN_MERGED.has(key)));
    compiled = mergeObjects(compiled, fields);
  }
  const last = ordered[ordered.length - 1];
  return { ocid: last.ocid, id: `${String(last.ocid)}-${String(last.date)}`, date: last.date, tag: ["compiled"], ...Object.fromEntries(Object.entries(compiled).filter(([key]) => key !== "ocid")) };
}
