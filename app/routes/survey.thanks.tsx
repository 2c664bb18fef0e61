import type { MetaFunction } from "@remix-run/node";
import { PageHeader } from "~/components/layout";
import { useT } from "~/utils/i18n";
import { pageTitle } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, "surveys.thanks.title"), { name: "robots", content: "noindex" }];

export default function SurveyThanks() {
  const t = useT();
  return (
    <div className="narrow">
      <PageHeader title={t("surveys.thanks.title")} intro={t("surveys.thanks.intro")} />
    </div>
  );
}
