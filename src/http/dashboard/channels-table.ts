// The table of a guild's channels and their states, as the status page always showed it.
import { html } from "hono/html";
import type { ChartLocale } from "../../charts/chart-options.js";
import { pageMessages } from "../../web/page-messages.js";
import type { LandingChannel } from "../landing-page.js";
import { type PageLinks, pageHref } from "./page-shell.js";

/** With EXPORT_CHANNEL_NAMES=false the store still has names; the page shows ids only. */
export function channelLabel(channel: { id: string; name: string }, exportChannelNames: boolean): string {
  return exportChannelNames && channel.name !== "" ? channel.name : channel.id;
}

export function stateText(locale: ChartLocale, state: string): string {
  const states: Readonly<Record<string, string>> = pageMessages[locale].states;
  return states[state] ?? state;
}

export function renderChannelsTable(
  locale: ChartLocale,
  channels: readonly LandingChannel[],
  links: PageLinks,
  exportChannelNames: boolean,
) {
  const text = pageMessages[locale].channels;
  const number = new Intl.NumberFormat(locale);
  if (channels.length === 0) return html`<p class="muted">${text.none}</p>`;
  return html`<div class="table-scroll"><table class="channels">
<thead><tr><th>${text.name}</th><th class="id">${text.id}</th><th class="type">${text.type}</th><th>${text.state}</th><th class="n">${text.messages}</th><th class="n">${text.threadMessages}</th><th class="n">${text.backfill}</th></tr></thead>
<tbody>
${channels.map(
  (
    channel,
  ) => html`<tr data-state="${channel.state}" data-channel-id="${channel.id}"><td class="name"><a href="${pageHref(links, { path: `/channels/${channel.id}` })}">${channelLabel(channel, exportChannelNames)}</a></td><td class="id">${channel.id}</td><td class="type">${channel.type}</td><td class="state-${channel.state}">${stateText(locale, channel.state)}</td><td class="n">${number.format(channel.messages)}</td><td class="n">${number.format(channel.threadMessages)}</td><td class="n">${channel.backfillPercent}%</td></tr>
`,
)}</tbody></table></div>`;
}
