import { zodResolver } from "@hookform/resolvers/zod";
import { json } from "@remix-run/node";
import type { FieldErrors, FieldValues, Resolver } from "react-hook-form";
import { validateFormData } from "remix-hook-form";
import type { z } from "zod";

const MAX_ROW_INDEX = 1000;

/**
 * PostgreSQL text cannot hold NUL and no form has a use for it: it is dropped on the way in,
 * also inside rows that react-hook-form sends as JSON.
 */
function withoutNul(value: unknown): unknown {
  if (typeof value === "string") return value.replaceAll("\u0000", "");
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNul(v)]));
  }
  return value;
}

/**
 * FormData as a plain object: a name sent once is a string, sent several times (a
 * checkbox group without JavaScript) an array; react-hook-form sends arrays as JSON.
 * Dotted names from rows of a plain form (`criteria.0.name`) build nested arrays.
 */
export function formDataToObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).map(withoutNul);
    let value: unknown = values.length > 1 ? values : values[0];
    if (typeof value === "string" && value.startsWith("[") && value.endsWith("]")) {
      try {
        const parsed: unknown = JSON.parse(value);
        if (Array.isArray(parsed)) value = withoutNul(parsed);
      } catch {
        // Not JSON: a text that happens to be in brackets.
      }
    }
    const path = key.split(".");
    // A posted name must never reach Object.prototype (`__proto__.x`, `constructor.prototype.x`).
    if (path.some((part) => part === "__proto__" || part === "constructor" || part === "prototype")) continue;
    // Row indexes come from forms with a handful of rows; "rows.99999999" would make a huge array.
    if (path.some((part) => /^\d+$/.test(part) && Number(part) >= MAX_ROW_INDEX)) continue;
    setPath(out, path, value);
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown) {
  let node: Record<string, unknown> = target;
  for (let i = 0; i < path.length - 1; i += 1) {
    const nextIsIndex = /^\d+$/.test(path[i + 1]);
    const existing = node[path[i]];
    if (typeof existing !== "object" || existing === null) node[path[i]] = nextIsIndex ? [] : {};
    node = node[path[i]] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

/**
 * The posted form. A body that is no form (JSON, plain text, nothing at all) or a form that
 * breaks off is the sender's mistake: 415 or 400, never the 500 request.formData() would cause.
 */
export async function readFormData(request: Request): Promise<FormData> {
  // Reading a body twice is our mistake, and stays a 500.
  if (request.bodyUsed) return request.formData();
  try {
    return await request.formData();
  } catch {
    const isForm = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i.test(request.headers.get("Content-Type") ?? "");
    throw isForm ? new Response("Bad Request: malformed form body", { status: 400 }) : new Response("Unsupported Media Type: post a form", { status: 415 });
  }
}

export type Validated<T> = { data: T; errors?: undefined; values: Record<string, unknown> } | { data?: undefined; errors: FieldErrors; values: Record<string, unknown> };

/** Validates a submission with the form's shared schema; errors keep react-hook-form's shape. */
export async function validateSubmission<S extends z.ZodType<FieldValues, FieldValues>>(
  formData: FormData,
  schema: S,
): Promise<Validated<z.output<S>>> {
  const values = formDataToObject(formData);
  const resolver = zodResolver(schema as never) as unknown as Resolver<z.output<S>>;
  const result = await validateFormData<z.output<S>>(values, resolver);
  if (result.errors) return { errors: result.errors as FieldErrors, values };
  return { data: result.data as z.output<S>, values };
}

/** A 400 answer with field errors and what was typed, so the form re-renders with both. */
export function fieldErrors(errors: FieldErrors, values: Record<string, unknown> = {}) {
  const safeValues = Object.fromEntries(Object.entries(values).filter(([k]) => !/password/i.test(k)));
  return json({ errors: stripRefs(errors), values: safeValues }, { status: 400 });
}

/** One error on one field, from a rule checked by the server (a taken username, a stale state). */
export function fieldError(field: string, message: string, values: Record<string, unknown> = {}) {
  return fieldErrors({ [field]: { type: "server", message } } as FieldErrors, values);
}

function stripRefs(errors: FieldErrors): FieldErrors {
  return JSON.parse(JSON.stringify(errors, (key, value) => (key === "ref" ? undefined : value))) as FieldErrors;
}
