import type { BotLocale } from "./bot-texts.js";

/** Numbers, percentages, days and durations as a person of the locale writes them. Pure. */
export interface LocaleFormat {
  integer(value: number): string;
  /** 12.3 % / +4.5 % with a sign when asked. */
  percent(ratio: number, signed?: boolean): string;
  signed(value: number): string;
  decimal(value: number, digits: number): string;
  /** A UTC day, "2024年5月1日" / "May 1, 2024". */
  day(day: string): string;
  /** A duration in seconds, rounded to minutes or hours: "約3時間" / "about 3 h". */
  duration(seconds: number): string;
}

export function localeFormat(locale: BotLocale): LocaleFormat {
  const tag = locale === "ja" ? "ja-JP" : "en-US";
  const integers = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const signedIntegers = new Intl.NumberFormat(tag, { maximumFractionDigits: 0, signDisplay: "exceptZero" });
  const dates = new Intl.DateTimeFormat(tag, { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
  return {
    integer: (value) => integers.format(value),
    signed: (value) => signedIntegers.format(value),
    percent: (ratio, signed = false) =>
      new Intl.NumberFormat(tag, {
        style: "percent",
        maximumFractionDigits: 1,
        signDisplay: signed ? "exceptZero" : "auto",
      }).format(ratio),
    decimal: (value, digits) =>
      new Intl.NumberFormat(tag, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value),
    day: (day) => dates.format(new Date(`${day}T00:00:00Z`)),
    duration: (seconds) => {
      const minutes = Math.max(1, Math.round(seconds / 60));
      if (minutes < 90) return locale === "ja" ? `${minutes}分` : `${minutes} min`;
      const hours = Math.round(minutes / 60);
      if (hours < 48) return locale === "ja" ? `${hours}時間` : `${hours} h`;
      const daysLeft = Math.round(hours / 24);
      return locale === "ja" ? `${daysLeft}日` : `${daysLeft} days`;
    },
  };
}
