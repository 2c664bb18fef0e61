import { z } from "zod";
import { msg } from "~/i18n";
import { parseYuan } from "~/modules/budgets/money";

/**
 * Field helpers shared by client and server. The same schema reads values typed into a form
 * with JavaScript (react-hook-form) and values posted by a plain HTML form without it:
 * empty strings mean "not given", checkbox groups may arrive as one value or many.
 */
export const text = (max = 200) =>
  z
    .string({ error: msg("errors.required") })
    .trim()
    .min(1, msg("errors.required"))
    .max(max, msg("errors.tooLong", { max }));

export const optionalText = (max = 200) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.string().trim().max(max, msg("errors.tooLong", { max })).optional(),
  );

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === "" ? msg("errors.required") : msg("errors.invalidChoice")) });

export const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), z.enum(values, { error: msg("errors.invalidChoice") }).optional());

/** A checkbox group: one value, many, or none, always read as an array. */
export const choiceList = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === "" || v === false ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(values, { error: msg("errors.invalidChoice") })).min(1, msg("errors.chooseOne")),
  );

export const uuidList = () =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === "" || v === false ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.uuid({ error: msg("errors.invalidChoice") })).min(1, msg("errors.chooseOne")),
  );

export const isoDate = () =>
  z
    .string({ error: msg("errors.required") })
    .trim()
    .min(1, msg("errors.required"))
    .regex(/^\d{4}-\d{2}-\d{2}$/, msg("errors.invalidDate"))
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, msg("errors.invalidDate"));

export const optionalIsoDate = () => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), isoDate().optional());

// Mainland mobile (11 digits from 1) or landline with area code, e.g. 0371-12345678.
export const phone = () =>
  z
    .string({ error: msg("errors.required") })
    .trim()
    .min(1, msg("errors.required"))
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$/, msg("errors.invalidPhone"));

export const optionalEmail = () =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.email({ error: msg("errors.invalidEmail") }).max(200).optional());

export const uuid = () => z.uuid({ error: msg("errors.invalidChoice") });

export const optionalUuid = () =>
  z.preprocess((v) => (v === "" || v === null ? undefined : v), z.uuid({ error: msg("errors.invalidChoice") }).optional());

/** True for a string PostgreSQL accepts as a uuid: ids from URLs are checked before any query. */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** An amount typed in yuan ("1,234.56"), read as integer fen; money never passes through a float. */
export const yuan = () =>
  z
    .string({ error: msg("errors.required") })
    .trim()
    .min(1, msg("errors.required"))
    .transform((value, ctx) => {
      const fen = parseYuan(value);
      if (fen === null) {
        ctx.addIssue({ code: "custom", message: msg("errors.money") });
        return z.NEVER;
      }
      return fen;
    });

export const wholeNumber = (min: number, max: number) =>
  z.coerce
    .number({ error: msg("errors.wholeNumber") })
    .int(msg("errors.wholeNumber"))
    .min(min, msg("errors.atLeast", { min }))
    .max(max, msg("errors.atMost", { max }));

/**
 * Editable rows posted by a form: an array (JavaScript) or dotted rows (plain form) with
 * blank spare rows, which are dropped before the rows are checked.
 */
export const formRows = <T extends z.ZodTypeAny>(row: T, minMessage: string, max: number) =>
  z.preprocess(
    (v) =>
      (Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : []).filter(
        (r) => r && typeof r === "object" && Object.values(r as Record<string, unknown>).some((x) => String(x ?? "").trim() !== ""),
      ),
    z.array(row).min(1, minMessage).max(max, msg("errors.atMost", { max })),
  );
