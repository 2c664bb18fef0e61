import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { FilterForm, FilterInput } from "~/components/filters";
import { SubmitButton, TextArea, TextField, ZodForm } from "~/components/form";
import { Flash, PageHeader } from "~/components/layout";
import { requirePermission } from "~/modules/auth/auth.server";
import { calendarYearSchema } from "~/modules/calendar/calendar-schema";
import { loadCalendar, saveCalendarYear } from "~/modules/calendar/calendar.server";
import { hasCalendarYear, isWorkingDay, shanghaiToday } from "~/modules/calendar/working-days";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "calendar.manage");
  const param = Number(new URL(request.url).searchParams.get("year"));
  const year = Number.isInteger(param) && param >= 2000 && param <= 2100 ? param : Number(shanghaiToday().slice(0, 4));
  const calendar = await loadCalendar(db);
  const entry = calendar.years[String(year)];
  const months = Array.from({ length: 12 }, (_, m) => {
    const days = new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
    const firstWeekday = new Date(Date.UTC(year, m, 1)).getUTCDay();
    return {
      month: m + 1,
      firstWeekday,
      days: Array.from({ length: days }, (_, d) => {
        const date = `${year}-${String(m + 1).padStart(2, "0")}-${String(d + 1).padStart(2, "0")}`;
        const weekday = (firstWeekday + d) % 7;
        const kind = entry?.holidays.includes(date)
          ? "holiday"
          : entry?.adjustedWorkdays.includes(date)
            ? "adjusted"
            : !isWorkingDay(date, calendar) || weekday === 0 || weekday === 6
              ? "weekend"
              : "work";
        return { day: d + 1, date, kind };
      }),
    };
  });
  return json({
    year,
    loaded: hasCalendarYear(year, calendar),
    source: calendar.sources[String(year)] ?? "",
    holidays: entry?.holidays ?? [],
    adjustedWorkdays: entry?.adjustedWorkdays ?? [],
    months,
    years: Object.keys(calendar.years).map(Number),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "calendar.manage");
  const { data, errors, values } = await validateSubmission(await readFormData(request), calendarYearSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => saveCalendarYear(db, admin.id, data));
  return result.ok ? redirect(`/admin/calendar?year=${data.year}&saved=1`) : result.response;
}

export default function AdminCalendar() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const [params] = useSearchParams();
  const weekdays = t("weekday.short").split(",");
  return (
    <>
      <PageHeader title={t("admin.calendar.title")} intro={t("admin.calendar.intro")} />
      <Flash message={params.get("saved") ? t("admin.calendar.saved", { year: d.year }) : null} />
      <FilterForm
        submitLabel={t("orgs.filter.submit")}
        after={d.years.map((y) => (
          <Link key={y} to={`?year=${y}`}>
            {y}
          </Link>
        ))}
      >
        <FilterInput id="calendar-year" type="number" name="year" min={2000} max={2100} label={t("admin.calendar.year")} defaultValue={d.year} />
      </FilterForm>
      {d.loaded ? (
        <p className="alert alert-info">{t("admin.calendar.loaded", { year: d.year, source: d.source })}</p>
      ) : (
        <p className="alert alert-warn" role="status">
          {t("admin.calendar.missing", { year: d.year })}
        </p>
      )}
      <div className="legend" aria-hidden="true">
        <span className="day-holiday">{t("admin.calendar.legend.holiday")}</span>
        <span className="day-adjusted">{t("admin.calendar.legend.adjusted")}</span>
        <span className="day-weekend">{t("admin.calendar.legend.weekend")}</span>
      </div>
      <div className="calendar-grid">
        {d.months.map((m) => (
          <section className="month" key={m.month} aria-label={`${d.year}-${String(m.month).padStart(2, "0")}`}>
            <h3>
              {d.year}-{String(m.month).padStart(2, "0")}
            </h3>
            <table>
              <thead>
                <tr>
                  {weekdays.map((w) => (
                    <th key={w} scope="col">
                      {w}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {Array.from({ length: Math.ceil((m.firstWeekday + m.days.length) / 7) }, (_, week) => (
                  <tr key={week}>
                    {Array.from({ length: 7 }, (_, wd) => {
                      const day = m.days[week * 7 + wd - m.firstWeekday];
                      if (!day) return <td key={wd} />;
                      const label =
                        day.kind === "holiday" ? t("admin.calendar.legend.holiday") : day.kind === "adjusted" ? t("admin.calendar.legend.adjusted") : undefined;
                      return (
                        <td key={wd} className={day.kind === "work" ? undefined : `day-${day.kind}`} title={label}>
                          {day.day}
                          {label ? <span className="visually-hidden"> {label}</span> : null}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <section className="card" aria-labelledby="save-year" style={{ marginTop: "1.5rem" }}>
        <h2 id="save-year">{t("admin.calendar.save")}</h2>
        <ZodForm
          key={d.year}
          schema={calendarYearSchema}
          defaultValues={{ year: d.year, source: d.source, holidays: d.holidays.join("\n"), adjustedWorkdays: d.adjustedWorkdays.join("\n") }}
          className="stack"
          aria-label={t("admin.calendar.save")}
        >
          <TextField name="year" label={t("admin.calendar.year")} type="number" inputMode="numeric" />
          <TextField name="source" label={t("admin.calendar.source")} />
          <TextArea name="holidays" label={t("admin.calendar.holidays")} help={t("admin.calendar.dates.help")} required={false} rows={6} />
          <TextArea name="adjustedWorkdays" label={t("admin.calendar.adjusted")} help={t("admin.calendar.dates.help")} required={false} rows={3} />
          <div>
            <SubmitButton>{t("admin.calendar.save")}</SubmitButton>
          </div>
        </ZodForm>
      </section>
    </>
  );
}
