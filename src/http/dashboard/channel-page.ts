// `/channels/{id}`: one channel's messages per day, the share of them in its threads, its state and backfill, and a
// voice or stage channel's time in voice.
import { html } from "hono/html";
import type { ChannelSourcesDay, DayRange } from "../../charts/chart-data.js";
import type { ChartLocale } from "../../charts/chart-options.js";
import { formatMessage } from "../../charts/i18n.js";
import { pageMessages } from "../../web/page-messages.js";
import type { LandingChannel, LandingGuild } from "../landing-page.js";
import { channelLabel, stateText } from "./channels-table.js";
import { apiUrl, type ChartFigure, renderChartFigure } from "./chart-figure.js";
import { type PageLinks, pageHref, renderShell } from "./page-shell.js";
import { planVoicePanel, renderVoicePanel, type VoiceRecording } from "./voice-panel.js";

export interface ChannelView {
  locale: ChartLocale;
  links: PageLinks;
  version: string;
  exportChannelNames: boolean;
  guild: LandingGuild;
  channel: LandingChannel;
  range: DayRange;
  /** The range's days (as the sources chart draws them), for the share posted in threads. */
  sources: readonly ChannelSourcesDay[];
  /** For a voice or stage channel, its guild's voice recording; null for other channels. */
  voice: VoiceRecording | null;
}

export function channelCharts(
  view: Pick<ChannelView, "locale" | "guild" | "channel" | "range" | "exportChannelNames">,
): ChartFigure[] {
  const headings = pageMessages[view.locale].chartHeadings;
  const days = { from: view.range.from, to: view.range.to };
  const context = channelLabel(view.channel, view.exportChannelNames);
  const guildApi = `/api/v1/guilds/${view.guild.id}`;
  return [
    {
      kind: "channelSources",
      heading: headings.sources,
      api: apiUrl(`${guildApi}/channels/${view.channel.id}/sources/daily`, days),
      range: view.range,
      context,
    },
    {
      kind: "messages",
      heading: headings.messages,
      api: apiUrl(`${guildApi}/messages/daily`, { ...days, channel: view.channel.id }),
      range: view.range,
      context,
    },
  ];
}

/** Share of the range's messages posted in threads and forum posts, in percent with one decimal; null without any. */
export function threadSharePercent(days: readonly ChannelSourcesDay[]): number | null {
  let all = 0;
  let threads = 0;
  for (const day of days) {
    all += day.channel + day.threads;
    threads += day.threads;
  }
  return all === 0 ? null : Math.round((threads / all) * 1000) / 10;
}

export function renderChannelPage(view: ChannelView) {
  const text = pageMessages[view.locale];
  const number = new Intl.NumberFormat(view.locale);
  const { channel } = view;
  const label = channelLabel(channel, view.exportChannelNames);
  const share = threadSharePercent(view.sources);
  return renderShell({
    locale: view.locale,
    title: `${label} · ${text.title}`,
    links: view.links,
    version: view.version,
    body: html`<section class="guild channel" data-guild-id="${view.guild.id}" data-channel-id="${channel.id}">
<p><a href="${pageHref(view.links, { path: "/" })}">${text.channel.back}</a></p>
<h2>${label} <small>${channel.id}</small></h2>
<p>${view.guild.name || view.guild.id} · ${text.channels.type}: ${channel.type} · ${text.channels.state}: <span class="state-${channel.state}">${stateText(view.locale, channel.state)}</span></p>
<p>${text.channels.messages}: ${number.format(channel.messages)} · ${text.channels.threadMessages}: ${number.format(channel.threadMessages)} · ${text.channels.backfill}: ${channel.backfillPercent}%</p>
<progress max="100" value="${channel.backfillPercent}">${channel.backfillPercent}%</progress>
<p data-thread-share="${share ?? ""}">${share === null ? text.channel.noMessages : formatMessage(text.channel.threadShare, { percent: share })}</p>
<div class="charts">
${channelCharts(view).map(renderChartFigure)}
${
  view.voice === null
    ? ""
    : renderVoicePanel(
        { locale: view.locale, guildId: view.guild.id, channelId: channel.id, context: label },
        planVoicePanel(view.range, view.voice),
      )
}
</div>
</section>`,
  });
}

export function renderChannelNotFound(view: Pick<ChannelView, "locale" | "links" | "version">) {
  const text = pageMessages[view.locale];
  return renderShell({
    locale: view.locale,
    title: text.title,
    links: view.links,
    version: view.version,
    body: html`<p><a href="${pageHref(view.links, { path: "/" })}">${text.channel.back}</a></p><p>${text.channel.notFound}</p>`,
  });
}
