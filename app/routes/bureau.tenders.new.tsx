import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/layout";
import { TenderForm } from "~/components/tender-form";
import { requireRole } from "~/modules/auth/auth.server";
import { DEFAULT_OUTCOME_WEIGHTS, DEFAULT_PAYMENT_PLAN } from "~/modules/tenders/tender-rules";
import { tenderSchema } from "~/modules/tenders/tenders-schema";
import { loadTenderFormOptions, saveDraft } from "~/modules/tenders/tenders.server";
import { db } from "~/utils/db.server";
import { fieldErrors, readFormData, validateSubmission } from "~/utils/forms.server";
import { useT } from "~/utils/i18n";
import { runCommand } from "~/utils/route-errors.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const preselected = new URL(request.url).searchParams.getAll("need");
  return json({ options: await loadTenderFormOptions(db, user), preselected, contactName: user.displayName });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user } = await requireRole(request, "bureau");
  const { data, errors, values } = await validateSubmission(await readFormData(request), tenderSchema);
  if (errors) return fieldErrors(errors, values);
  const result = await runCommand(values, () => saveDraft(db, user, data));
  return result.ok ? redirect(`/bureau/tenders/${result.value.id}?saved=1`) : result.response;
}

const BLANK_CRITERION = { name: "", description: "", maxPoints: "" };

export default function NewTender() {
  const { options, preselected, contactName } = useLoaderData<typeof loader>();
  const t = useT();
  const defaults = {
    method: "open_tender",
    category: "elderly_care",
    servicePeriodMonths: 12,
    recurringService: false,
    pricePoints: 30,
    criteria: [
      { name: "服务方案", description: "需求分析、服务目标与活动设计的针对性和可行性", maxPoints: 30 },
      { name: "团队配置", description: "持证社工数量、专业结构与项目负责人经验", maxPoints: 20 },
      { name: "机构能力与过往绩效", description: "同类项目经验、评估等级与信用档案", maxPoints: 10 },
      { name: "预算合理性", description: "预算编制的合理性与成本效益", maxPoints: 10 },
      BLANK_CRITERION,
      BLANK_CRITERION,
    ],
    weightPurchaser: DEFAULT_OUTCOME_WEIGHTS.purchaser,
    weightThirdParty: DEFAULT_OUTCOME_WEIGHTS.thirdParty,
    weightSatisfaction: DEFAULT_OUTCOME_WEIGHTS.satisfaction,
    tranches: [...DEFAULT_PAYMENT_PLAN.map((p) => ({ ...p })), { milestone: "", percentage: "" }],
    needIds: preselected,
    communityIds: [],
    contactName,
  };
  return (
    <>
      <PageHeader title={t("tenders.bureau.new")} />
      {options.budgetLines.length === 0 ? <p className="alert alert-warn">{t("tenders.bureau.noBudgetLines")}</p> : null}
      {options.needs.length === 0 ? <p className="alert alert-warn">{t("tenders.bureau.noAcceptedNeeds")}</p> : null}
      <TenderForm defaultValues={defaults} options={options} submitLabel={t("tenders.bureau.saveDraft")} />
    </>
  );
}
