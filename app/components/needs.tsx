import { Link } from "@remix-run/react";
import type { Locale } from "~/i18n";
import { FileField, RadioGroup, SelectField, SubmitButton, TextArea, TextField } from "./form";
import { UPLOAD_ACCEPT } from "~/modules/documents/file-types";
import { NEED_CHANNELS, NEED_URGENCIES, type NeedStatus } from "~/modules/needs/need-states";
import { EVIDENCE_FIELD } from "~/modules/needs/needs-schema";
import { SERVICE_CATEGORIES } from "~/modules/needs/service-categories";
import { formatNumber, useLocale, useT } from "~/utils/i18n";

const STATUS_TONE: Record<NeedStatus, string> = {
  submitted: "badge-warn",
  accepted: "badge-ok",
  rejected: "badge-bad",
  tendered: "badge-ok",
  served: "badge-ok",
};

export function NeedStatusBadge({ status }: { status: NeedStatus }) {
  const t = useT();
  return <span className={`badge ${STATUS_TONE[status]}`}>{t(`needs.status.${status}`)}</span>;
}

/** A localized place name from a row that carries both (`communityName` / `communityNameEn`). */
export function usePlaceName() {
  const locale = useLocale();
  return (zh: string | null, en: string | null) => (locale === "en" ? (en ?? zh) : zh) ?? "";
}

function fileSize(locale: Locale, bytes: number) {
  if (bytes < 1024 * 1024) return `${formatNumber(locale, Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Download links to a need's evidence (only rendered for people allowed to open them). */
export function EvidenceLinks({ files }: { files: { id: string; filename: string; size: number }[] }) {
  const t = useT();
  const locale = useLocale();
  if (files.length === 0) return <span className="muted">{t("needs.noEvidence")}</span>;
  return (
    <>
      {files.map((f) => (
        <div key={f.id}>
          <a href={`/attachments/${f.id}`} download>
            {f.filename}
          </a>{" "}
          <span className="muted">({fileSize(locale, f.size)})</span>
        </div>
      ))}
    </>
  );
}

/**
 * The fields of a new need, shared by the staff's form and the residents' one. Staff also
 * choose the channel the need came through and, optionally, a grid of their community.
 */
export function NeedFields({ grids }: { grids?: { id: string; nameZh: string; nameEn: string }[] }) {
  const t = useT();
  const placeName = usePlaceName();
  return (
    <>
      <TextField name="title" label={t("needs.field.title")} help={t("needs.field.title.help")} autoComplete="off" />
      <TextArea name="description" label={t("needs.field.description")} help={t("needs.field.description.help")} rows={5} />
      <SelectField
        name="category"
        label={t("needs.field.category")}
        placeholder={t("needs.choose")}
        options={SERVICE_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
      />
      <TextField name="targetGroup" label={t("needs.field.targetGroup")} help={t("needs.field.targetGroup.help")} autoComplete="off" />
      <TextField name="beneficiariesEstimate" label={t("needs.field.beneficiariesEstimate")} inputMode="numeric" autoComplete="off" />
      <TextField
        name="suggestedBudget"
        label={t("needs.field.suggestedBudget")}
        help={t("needs.field.suggestedBudget.help")}
        inputMode="decimal"
        autoComplete="off"
      />
      <RadioGroup name="urgency" label={t("needs.field.urgency")} options={NEED_URGENCIES.map((u) => ({ value: u, label: t(`needs.urgency.${u}`) }))} />
      {grids ? (
        <>
          <SelectField name="channel" label={t("needs.field.channel")} options={NEED_CHANNELS.map((c) => ({ value: c, label: t(`needs.channel.${c}`) }))} />
          <SelectField
            name="gridId"
            label={t("needs.field.grid")}
            required={false}
            placeholder={t("needs.field.grid.none")}
            options={grids.map((g) => ({ value: g.id, label: placeName(g.nameZh, g.nameEn) }))}
          />
        </>
      ) : null}
      <FileField name={EVIDENCE_FIELD} label={t("needs.field.evidence")} help={t("needs.field.evidence.help")} accept={UPLOAD_ACCEPT} multiple />
      <div>
        <SubmitButton>{t("needs.new.submit")}</SubmitButton>
      </div>
    </>
  );
}

/** What became of a need: the bureau's note or reason, and the tender that answers it. */
export function NeedOutcome({ reviewReason, tenderId }: { reviewReason: string | null; tenderId: string | null }) {
  const t = useT();
  if (!reviewReason && !tenderId) return <span className="muted">—</span>;
  return (
    <>
      {reviewReason ? <div>{reviewReason}</div> : null}
      {tenderId ? <Link to={`/tenders/${tenderId}`}>{t("needs.tender.view")}</Link> : null}
    </>
  );
}
