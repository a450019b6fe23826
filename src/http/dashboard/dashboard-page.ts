// `/`: per guild, its status, the first count's progress, the charts of the chosen range (voice too), and its
// channels.
import { html } from "hono/html";
import type { DayRange } from "../../charts/chart-data.js";
import type { ChartLocale } from "../../charts/chart-options.js";
import { MEMBERS_MAX_POINTS } from "../../charts/members-chart.js";
import { TOP_CHANNELS_DEFAULT } from "../../charts/top-channels-chart.js";
import { pageMessages } from "../../web/page-messages.js";
import type { LandingGuild } from "../landing-page.js";
import { renderChannelsTable } from "./channels-table.js";
import { apiUrl, type ChartFigure, renderChartFigure } from "./chart-figure.js";
import { type FirstCountProgress, renderFirstCount } from "./first-count.js";
import { type PageLinks, renderShell } from "./page-shell.js";
import { planVoicePanel, renderVoicePanel, type VoiceRecording } from "./voice-panel.js";

export interface DashboardGuild {
  guild: LandingGuild;
  range: DayRange;
  firstCount: FirstCountProgress | undefined;
  voice: VoiceRecording;
}

export interface DashboardView {
  locale: ChartLocale;
  links: PageLinks;
  version: string;
  exportChannelNames: boolean;
  guilds: DashboardGuild[];
}

export function guildCharts(locale: ChartLocale, guild: LandingGuild, range: DayRange): ChartFigure[] {
  const headings = pageMessages[locale].chartHeadings;
  const base = `/api/v1/guilds/${guild.id}`;
  const days = { from: range.from, to: range.to };
  const context = guild.name || guild.id;
  return [
    {
      kind: "members",
      heading: headings.members,
      api: apiUrl(`${base}/members`, { ...days, max_points: MEMBERS_MAX_POINTS }),
      range,
      context,
    },
    { kind: "messages", heading: headings.messages, api: apiUrl(`${base}/messages/daily`, days), range, context },
    {
      kind: "activeMembers",
      heading: headings.activeMembers,
      api: apiUrl(`${base}/active-members/daily`, days),
      range,
      context,
    },
    {
      kind: "topChannels",
      heading: headings.topChannels,
      api: apiUrl(`${base}/channels/top`, { ...days, limit: TOP_CHANNELS_DEFAULT }),
      range,
      context,
    },
  ];
}

function renderGuild(view: DashboardView, entry: DashboardGuild) {
  const text = pageMessages[view.locale];
  const { guild } = entry;
  const number = new Intl.NumberFormat(view.locale);
  const count = (value: number | null) => (value === null ? text.unknown : number.format(value));
  return html`<section class="guild" data-guild-id="${guild.id}">
<h2>${guild.name || guild.id} <small>${guild.id}</small></h2>
<p class="${guild.status === "ok" ? "" : "status-down"}">${guild.status === "ok" ? text.status.ok : text.status.down} · ${text.members}: ${count(guild.members)} (${text.online}: ${count(guild.online)}) · ${text.lastSync}: ${
    guild.lastSuccessAt === null
      ? text.never
      : `${new Date(guild.lastSuccessAt).toISOString().slice(0, 16).replace("T", " ")} UTC`
  }</p>
${renderFirstCount(view.locale, entry.firstCount)}
<div class="charts">
${guildCharts(view.locale, guild, entry.range).map(renderChartFigure)}
${renderVoicePanel({ locale: view.locale, guildId: guild.id, context: guild.name || guild.id }, planVoicePanel(entry.range, entry.voice))}
</div>
<h3>${text.channels.heading}</h3>
${renderChannelsTable(view.locale, guild.channels, view.links, view.exportChannelNames)}
</section>`;
}

export function renderDashboardPage(view: DashboardView) {
  const text = pageMessages[view.locale];
  return renderShell({
    locale: view.locale,
    title: text.title,
    links: view.links,
    version: view.version,
    body:
      view.guilds.length === 0
        ? html`<p>${text.noGuilds}</p>`
        : html`${view.guilds.map((entry) => renderGuild(view, entry))}`,
  });
}
