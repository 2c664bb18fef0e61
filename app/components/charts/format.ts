import type { Locale } from "~/i18n";

/**
 * Short figures for chart labels and axes ("¥150万", "¥1.5M"); the tables beside the charts
 * carry the exact amounts. Amounts come in fen.
 */
export function compactYuan(fen: number, locale: Locale): string {
  const yuan = fen / 100;
  const abs = Math.abs(yuan);
  const short = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(n >= 100 ? 0 : 1).replace(/\.0$/, ""));
  if (locale === "zh-CN") {
    if (abs >= 1e8) return `¥${short(yuan / 1e8)}亿`;
    if (abs >= 1e4) return `¥${short(yuan / 1e4)}万`;
  } else {
    if (abs >= 1e9) return `¥${short(yuan / 1e9)}B`;
    if (abs >= 1e6) return `¥${short(yuan / 1e6)}M`;
    if (abs >= 1e3) return `¥${short(yuan / 1e3)}k`;
  }
  return `¥${Math.round(yuan).toLocaleString(locale)}`;
}

/** A ratio (0..1) as a percentage with one decimal at most: "12.5%", "2%". */
export function percent(value: number, digits = 1): string {
  const scaled = Math.round(value * 100 * 10 ** digits) / 10 ** digits;
  return `${scaled}%`;
}
