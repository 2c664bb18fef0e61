import { useRouteLoaderData } from "@remix-run/react";
import { useMemo } from "react";
import { DEFAULT_LOCALE, translator, type Locale, type Translate } from "~/i18n";

interface RootData {
  locale: Locale;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData<RootData>("root");
  return data?.locale ?? DEFAULT_LOCALE;
}

export function useT(): Translate {
  const locale = useLocale();
  return useMemo(() => translator(locale), [locale]);
}

const numberFormats: Partial<Record<Locale, Intl.NumberFormat>> = {};
export function formatNumber(locale: Locale, n: number) {
  numberFormats[locale] ??= new Intl.NumberFormat(locale);
  return numberFormats[locale]!.format(n);
}

/** Dates and times shown in Asia/Shanghai, the portal's legal clock, whatever the reader's zone. */
export function formatDateTime(locale: Locale, value: string | Date) {
  return new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(value));
}

export function formatDate(locale: Locale, value: string | Date) {
  return new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(
    typeof value === "string" && value.length === 10 ? new Date(`${value}T12:00:00+08:00`) : new Date(value),
  );
}
