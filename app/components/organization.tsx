import { gradeStatus } from "~/modules/orgs/grade";
import { shanghaiToday } from "~/modules/calendar/working-days";
import { formatDate, useLocale, useT } from "~/utils/i18n";

export function GradeText({ grade, awardedOn }: { grade: string | null; awardedOn: string | null }) {
  const t = useT();
  const locale = useLocale();
  const status = gradeStatus(grade, awardedOn, shanghaiToday());
  if (!status) return <span className="muted">{t("grade.none")}</span>;
  const expires = formatDate(locale, status.expiresOn);
  return status.expired ? (
    <span className="badge badge-warn">{t("grade.expired", { grade: status.grade, expires })}</span>
  ) : (
    <span className="badge badge-ok">{t("grade.valid", { grade: status.grade, expires })}</span>
  );
}

export function VerificationBadge({ status }: { status: "pending" | "verified" | "rejected" }) {
  const t = useT();
  const tone = status === "verified" ? "badge-ok" : status === "rejected" ? "badge-bad" : "badge-warn";
  return <span className={`badge ${tone}`}>{t(`verification.${status}`)}</span>;
}

export function CreditBadge({ status }: { status: "normal" | "abnormal" | "serious_dishonesty" }) {
  const t = useT();
  const tone = status === "normal" ? "badge-ok" : "badge-bad";
  return <span className={`badge ${tone}`}>{t(`credit.${status}`)}</span>;
}

export function CategoryTags({ categories }: { categories: string[] }) {
  const t = useT();
  return (
    <ul className="tag-list">
      {categories.map((c) => (
        <li key={c} className="badge">
          {t(`category.${c}`)}
        </li>
      ))}
    </ul>
  );
}
