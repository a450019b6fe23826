// Which language a page is in: ?lang=ja|en first (the language link sets it), then the browser's Accept-Language
// (RFC 9110 §12.5.4, highest q first), English otherwise. Pure.
import type { ChartLocale } from "../../charts/chart-options.js";

const LOCALES: readonly ChartLocale[] = ["ja", "en"];

export function parseLangParam(value: string | undefined): ChartLocale | null {
  return LOCALES.find((locale) => locale === value) ?? null;
}

export function pickLocale(langParam: string | undefined, acceptLanguage: string | undefined): ChartLocale {
  const chosen = parseLangParam(langParam);
  if (chosen !== null) return chosen;
  const ranges = (acceptLanguage ?? "")
    .split(",")
    .map((part, order) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: tag.trim().toLowerCase().split("-")[0] ?? "", q: q === undefined ? 1 : Number(q), order };
    })
    .filter((range) => range.language !== "" && range.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
  for (const range of ranges) {
    const locale = LOCALES.find((l) => l === range.language);
    if (locale) return locale;
  }
  return "en";
}
