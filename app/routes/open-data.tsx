import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { translator, type Locale } from "~/i18n";
import { openDataPage } from "~/modules/ocds/ocds.server";
import { db } from "~/utils/db.server";
import { useT } from "~/utils/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const locale = (matches[0]?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN";
  const t = translator(locale);
  return [{ title: `${t("ocds.title")} · ${t("app.name")}` }, { name: "description", content: t("ocds.metaDescription") }];
};

export async function loader(_: LoaderFunctionArgs) {
  return json(await openDataPage(db));
}

const KINDS = [
  ["planning", "planning"],
  ["tender", "tender"],
  ["tenderAmendment", "tenderAmendment"],
  ["tenderUpdate", "tenderUpdate"],
  ["tenderCancellation", "tenderCancellation"],
  ["award", "award"],
  ["awardUpdate", "awardUpdate"],
  ["awardCancellation", "awardCancellation"],
  ["contract", "contract"],
  ["implementation", "implementation"],
  ["contractTermination", "contractTermination"],
] as const;

export default function OpenData() {
  const { prefix, pageSize, sample } = useLoaderData<typeof loader>();
  const t = useT();
  const endpoints = [
    { path: "/api/ocds/releases?page=1", returns: t("ocds.endpoint.feed", { size: pageSize }), example: "/api/ocds/releases?page=1" },
    { path: "/api/ocds/tenders/{id}/releases", returns: t("ocds.endpoint.releases"), example: sample ? `/api/ocds/tenders/${sample.id}/releases` : null },
    { path: "/api/ocds/tenders/{id}/record", returns: t("ocds.endpoint.record"), example: sample ? `/api/ocds/tenders/${sample.id}/record` : null },
  ];
  return (
    <>
      <PageHeader title={t("ocds.title")} intro={t("ocds.intro")} />

      <h2>{t("ocds.endpoints")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("ocds.col.endpoint")}</th>
              <th scope="col">{t("ocds.col.returns")}</th>
              <th scope="col">{t("ocds.col.example")}</th>
            </tr>
          </thead>
          <tbody>
            {endpoints.map((e) => (
              <tr key={e.path}>
                <td>
                  <code>GET {e.path}</code>
                </td>
                <td>{e.returns}</td>
                <td>{e.example ? <a href={e.example}>{t("ocds.example")}</a> : <span className="muted">{t("ocds.noExample")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {sample ? <p className="muted">{t("ocds.exampleTender", { title: sample.title })}</p> : null}

      <h2>{t("ocds.paging")}</h2>
      <p>{t("ocds.pagingBody")}</p>

      <h2>{t("ocds.identifiers")}</h2>
      <p>{t("ocds.identifiersBody")}</p>
      <p>
        <code>ocds-{prefix}-{sample?.id ?? "{tender id}"}</code>
      </p>
      <p>{t("ocds.prefixNote", { prefix })}</p>

      <h2>{t("ocds.kinds")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("ocds.col.tag")}</th>
              <th scope="col">{t("ocds.col.event")}</th>
              <th scope="col">{t("ocds.col.content")}</th>
            </tr>
          </thead>
          <tbody>
            {KINDS.map(([tag, key]) => (
              <tr key={tag}>
                <td>
                  <code>{tag}</code>
                </td>
                <td>{t(`ocds.kind.${key}`)}</td>
                <td>{t(`ocds.kind.${key}Content`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{t("ocds.kind.donationsNote")}</p>

      <h2>{t("ocds.fields")}</h2>
      <ul>
        <li>{t("ocds.field.parties")}</li>
        <li>{t("ocds.field.amounts")}</li>
        <li>{t("ocds.field.method")}</li>
        <li>{t("ocds.field.category")}</li>
        <li>{t("ocds.field.language")}</li>
      </ul>

      <h2>{t("ocds.privacy")}</h2>
      <p>{t("ocds.privacyBody")}</p>
      <p className="muted">{t("ocds.validation")}</p>
    </>
  );
}
