import { z } from "zod";
import { msg } from "~/i18n";
import { text } from "~/utils/form-fields";
import { isIsoDate } from "./working-days";

/** A list of dates typed one per line or comma-separated. */
const dateList = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .split(/[\s,，、]+/)
          .map((s) => s.trim())
          .filter(Boolean)
      : Array.isArray(v)
        ? v
        : [],
  z.array(z.string()),
);

export const calendarYearSchema = z
  .object({
    year: z.coerce.number({ error: msg("errors.invalidYear") }).int(msg("errors.invalidYear")).min(2000, msg("errors.invalidYear")).max(2100, msg("errors.invalidYear")),
    source: text(300),
    holidays: dateList,
    adjustedWorkdays: dateList,
  })
  .superRefine((value, ctx) => {
    for (const field of ["holidays", "adjustedWorkdays"] as const) {
      for (const date of value[field]) {
        if (!isIsoDate(date)) {
          ctx.addIssue({ code: "custom", path: [field], message: msg("errors.invalidDate") });
          break;
        }
        // A New Year arrangement may include the last days of December of the year before.
        const year = Number(date.slice(0, 4));
        if (year !== value.year && !(year === value.year - 1 && date.slice(5, 7) === "12")) {
          ctx.addIssue({ code: "custom", path: [field], message: msg("errors.dateNotInYear", { date, year: value.year }) });
          break;
        }
      }
    }
    const both = value.holidays.find((d) => value.adjustedWorkdays.includes(d));
    if (both) ctx.addIssue({ code: "custom", path: ["adjustedWorkdays"], message: msg("errors.dateListed", { date: both }) });
  });
export type CalendarYearInput = z.infer<typeof calendarYearSchema>;
