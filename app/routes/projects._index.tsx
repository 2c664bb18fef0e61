import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FilterForm, FilterSelect } from "~/components/filters";
import { PageHeader } from "~/components/layout";
import { ProjectTable } from "~/components/project";
import { translator } from "~/i18n";
import { listPublicProjects } from "~/modules/contracts/projects.server";
import { db } from "~/utils/db.server";
import { useT } from "~/utils/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: "zh-CN" | "en" } | undefined)?.locale ?? "zh-CN";
  const t = translator(locale);
  return [{ title: `${t("projects.public.title")} · ${t("app.name")}` }, { name: "description", content: t("projects.public.intro") }];
};

const STATUSES = ["active", "completed", "terminated"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const status = STATUSES.find((s) => s === params.get("status"));
  const result = await listPublicProjects(db, { status, page: Number(params.get("page")) || 1 });
  return json({ ...result, status: status ?? null });
}

export default function PublicProjects() {
  const { projects, total, page, pageCount, status } = useLoaderData<typeof loader>();
  const t = useT();
  const pageLink = (p: number) => `?${new URLSearchParams({ ...(status ? { status } : {}), page: String(p) })}`;
  return (
    <>
      <PageHeader title={t("projects.public.title")} intro={t("projects.public.intro")} />
      <FilterForm submitLabel={t("tenders.filter.submit")} role="search" aria-label={t("tenders.filter.submit")}>
        <FilterSelect
          id="f-status"
          name="status"
          label={t("tenders.filter.status")}
          allLabel={t("tenders.filter.all")}
          defaultValue={status ?? undefined}
          options={STATUSES.map((s) => ({ value: s, label: t(`contracts.status.${s}`) }))}
        />
      </FilterForm>
      <p className="muted">{t("projects.public.count", { total })}</p>
      {projects.length === 0 ? <p className="muted">{t("projects.none")}</p> : <ProjectTable projects={projects} href={(p) => `/projects/${p.id}`} showBureau />}
      <nav className="pager" aria-label={t("common.page", { page })}>
        {page > 1 ? <Link to={pageLink(page - 1)}>{t("common.previous")}</Link> : null}
        <span>
          {t("common.page", { page })} / {pageCount}
        </span>
        {page < pageCount ? <Link to={pageLink(page + 1)}>{t("common.next")}</Link> : null}
      </nav>
    </>
  );
}
