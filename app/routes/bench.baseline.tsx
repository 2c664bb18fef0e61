import type { MetaFunction } from "@remix-run/node";
import { PageHeader } from "~/components/layout";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

/**
 * The benchmark's baseline (npm run bench): a page of this server that reads nothing, rendered
 * through the same root layout as every other page, so that each page's throughput can be
 * stated as a share of it. Harmless in production: static text, no data, not indexed.
 */
export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "bench.baseline.title"), { name: "robots", content: "noindex" }];

export default function BenchBaseline() {
  const t = useT();
  return (
    <>
      <PageHeader title={t("bench.baseline.title")} />
      <p>{t("bench.baseline.body")}</p>
    </>
  );
}
