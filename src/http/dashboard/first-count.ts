// The first count's progress box of a guild: how much of its channels' history is counted and when it will end.
import { html } from "hono/html";
import type { ChartLocale } from "../../charts/chart-options.js";
import { formatMessage } from "../../charts/i18n.js";
import { formatDuration, pageMessages } from "../../web/page-messages.js";

export interface FirstCountProgress {
  /** Channels and threads still counting backwards. */
  backfilling: number;
  /** Share of the channels' combined lifetime counted (0..1); null while nothing is known. */
  coverage: number | null;
  /** Estimated seconds to finish; null while the pace is being measured. */
  etaSeconds: number | null;
}

export function renderFirstCount(locale: ChartLocale, progress: FirstCountProgress | undefined) {
  if (progress === undefined) return "";
  const text = pageMessages[locale].firstCount;
  if (progress.backfilling === 0) {
    return html`<div class="first-count" data-first-count="done"><h3>${text.heading}</h3><p>${text.done}</p></div>`;
  }
  const coverage = progress.coverage ?? 0;
  const percent = Math.floor(coverage * 1000) / 10;
  return html`<div class="first-count" data-first-count="running" data-eta-seconds="${progress.etaSeconds ?? ""}">
<h3>${text.heading}</h3>
<progress max="1" value="${coverage}">${percent}%</progress>
<p>${formatMessage(text.running, { channels: progress.backfilling, percent })}</p>
<p>${
    progress.etaSeconds === null
      ? text.etaUnknown
      : formatMessage(text.eta, { duration: formatDuration(locale, progress.etaSeconds) })
  }</p>
</div>`;
}
