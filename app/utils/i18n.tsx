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

// Building an Intl.DateTimeFormat costs about a millisecond; a list page formats dozens of dates.
const dateTimeFormats: Partial<Record<Locale, Intl.DateTimeFormat>> = {};
const dateFormats: Partial<Record<Locale, Intl.DateTimeFormat>> = {};

/** Dates and times shown in Asia/Shanghai, the portal's legal clock, whatever the reader's zone. */
export function formatDateTime(locale: Locale, value: string | Date) {
  dateTimeFormats[locale] ??= new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  });
  return dateTimeFormats[locale]!.format(new Date(value));
}

export function formatDate(locale: Locale, value: string | Date) {
  dateFormats[locale] ??= new Intl.DateTimeFormat(locale, { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
  return dateFormats[locale]!.format(
    typeof value === "string" && value.length === 10 ? new Date(`${value}T12:00:00+08:00`) : new Date(value),
  );
}
