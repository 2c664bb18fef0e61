import { Link } from "@remix-run/react";
import { CategoryTags, CreditBadge, GradeText, VerificationBadge } from "./organization";
import { useT } from "~/utils/i18n";

interface OwnOrganization {
  id: string;
  name: string;
  uscc: string;
  verificationStatus: "pending" | "verified" | "rejected";
  verificationReason: string | null;
  creditStatus: "normal" | "abnormal" | "serious_dishonesty";
  creditReason: string | null;
  grade: string | null;
  gradeAwardedOn: string | null;
  serviceCategories: string[];
  districts: string[];
}

/** What an applicant or member sees of their organization: status, reason, the public facts. */
export function OrganizationStatusCard({ organization: o }: { organization: OwnOrganization }) {
  const t = useT();
  const tone = o.verificationStatus === "verified" ? "alert-success" : o.verificationStatus === "rejected" ? "alert-error" : "alert-warn";
  return (
    <section className="card" aria-labelledby="org-status-title">
      <h2 id="org-status-title">{o.name}</h2>
      <div className={`alert ${tone}`} role="status">
        <strong>{t("agency.status")}：</strong>
        <VerificationBadge status={o.verificationStatus} />{" "}
        {o.verificationStatus === "rejected"
          ? t("agency.status.rejected", { reason: o.verificationReason ?? "—" })
          : t(`agency.status.${o.verificationStatus}`)}
      </div>
      <dl className="facts">
        <dt>{t("org.profile.uscc")}</dt>
        <dd>
          <code>{o.uscc}</code>
        </dd>
        <dt>{t("org.profile.grade")}</dt>
        <dd>
          <GradeText grade={o.grade} awardedOn={o.gradeAwardedOn} />
        </dd>
        <dt>{t("org.profile.districts")}</dt>
        <dd>{o.districts.join("、")}</dd>
        <dt>{t("org.profile.credit")}</dt>
        <dd>
          <CreditBadge status={o.creditStatus} /> {o.creditStatus !== "normal" ? o.creditReason : null}
        </dd>
        <dt>{t("org.profile.categories")}</dt>
        <dd>
          <CategoryTags categories={o.serviceCategories} />
        </dd>
      </dl>
      {o.verificationStatus === "verified" ? (
        <p>
          <Link to={`/organizations/${o.id}`}>{t("agency.publicProfile")}</Link>
        </p>
      ) : null}
    </section>
  );
}
