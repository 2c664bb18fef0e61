import type { LoaderFunctionArgs } from "@remix-run/node";
import { translator } from "~/i18n";
import { listDistrictNames } from "~/modules/regions/regions.server";
import { isStatTable } from "~/modules/stats/stat-tables";
import { statisticsCsv } from "~/modules/stats/stats-csv.server";
import { parseStatsFilter } from "~/modules/stats/stats-filter";
import { db } from "~/utils/db.server";
import { getLocale } from "~/utils/i18n.server";

/** /statistics/<table>.csv, with the page's filter (?district=…&year=…). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const match = /^([a-z]+)\.csv$/.exec(params.file ?? "");
  const name = match?.[1] ?? "";
  if (!isStatTable(name)) throw new Response("Not Found", { status: 404 });
  const districts = await listDistrictNames(db);
  const filter = parseStatsFilter(
    new URL(request.url).searchParams,
    districts.map((d) => d.id),
  );
  const locale = getLocale(request);
  const csv = await statisticsCsv(db, name, filter, translator(locale), locale);
  const district = districts.find((d) => d.id === filter.districtId);
  const filename = ["sanshe", name, district?.code, filter.year].filter(Boolean).join("-");
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}.csv"`,
      "Cache-Control": "no-cache",
      Vary: "Cookie",
    },
  });
}
