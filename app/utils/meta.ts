import type { MetaDescriptor } from "@remix-run/node";
import { translator, type Locale, type MessageKey } from "~/i18n";

/** A page title "<page> · 三社联动…" in the visitor's language (read from the root loader). */
export function pageTitle(matches: readonly { id: string; data: unknown }[], key: MessageKey): MetaDescriptor {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: Locale } | undefined)?.locale ?? "zh-CN";
  const t = translator(locale);
  return { title: `${t(key)} · ${t("app.name")}` };
}
