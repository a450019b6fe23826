// The frame of every dashboard page: head with the stylesheet and the scripts (all same-origin files, as the
// Content-Security-Policy demands), the header with links, language switch and range picker.
import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { ChartLocale } from "../../charts/chart-options.js";
import { pageMessages, RANGE_KEYS, type RangeKey } from "../../web/page-messages.js";
import { CHART_JS_URL, CLIENT_URL, CSS_URL, ICON_URL } from "./assets.js";

/** Every HTML answer carries it: scripts, styles, fonts and data only from the exporter itself. */
export const CONTENT_SECURITY_POLICY = "default-src 'self'";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** What a page's links keep: the range, and the language when the reader chose one (else Accept-Language rules). */
export interface PageLinks {
  path: string;
  range: RangeKey;
  lang: ChartLocale | null;
}

export function pageHref(links: PageLinks, change: { path?: string; range?: RangeKey; lang?: ChartLocale }): string {
  const params = new URLSearchParams();
  params.set("range", change.range ?? links.range);
  const lang = change.lang ?? links.lang;
  if (lang !== null) params.set("lang", lang);
  return `${change.path ?? links.path}?${params}`;
}

export interface ShellOptions {
  locale: ChartLocale;
  title: string;
  links: PageLinks;
  version: string;
  body: Html;
}

export function renderShell(options: ShellOptions): Html {
  const text = pageMessages[options.locale];
  const other: ChartLocale = options.locale === "ja" ? "en" : "ja";
  return html`<!doctype html>
<html lang="${options.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${options.title}</title>
<link rel="icon" href="${ICON_URL}" type="image/svg+xml">
<link rel="stylesheet" href="${CSS_URL}">
<script src="${CHART_JS_URL}" defer></script>
<script type="module" src="${CLIENT_URL}"></script>
</head>
<body data-lang="${options.locale}">
<header>
<h1><a href="${pageHref(options.links, { path: "/" })}">${text.title}</a></h1>
<nav class="links">
<a href="/metrics">${text.links.metrics}</a>
<a href="/healthz">${text.links.health}</a>
<a href="/api/v1/guilds">${text.links.api}</a>
<a href="${pageHref(options.links, { lang: other })}" hreflang="${other}" lang="${other}">${text.language}</a>
</nav>
</header>
<main>
<nav class="range" aria-label="${text.range.label}">
<span class="muted">${text.range.label}:</span>
${RANGE_KEYS.map(
  (key) =>
    html`<a href="${pageHref(options.links, { range: key })}" data-range="${key}"${
      key === options.links.range ? html` aria-current="page"` : ""
    }>${text.range[key]}</a>`,
)}
</nav>
${options.body}
</main>
<footer>discord-exporter ${text.version} ${options.version}</footer>
</body>
</html>`;
}
