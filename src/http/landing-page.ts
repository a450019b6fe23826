import { html } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

export interface LandingChannel {
  id: string;
  name: string;
  type: string;
  state: string;
  messages: number;
  threadMessages: number;
  backfillPercent: number;
}

export interface LandingGuild {
  id: string;
  name: string;
  status: string;
  members: number | null;
  online: number | null;
  lastSuccessAt: number | null;
  channels: LandingChannel[];
}

export interface LandingData {
  version: string;
  guilds: LandingGuild[];
}

/** A small status page: where the metrics are, and what the exporter knows about each channel. */
export function renderLandingPage(data: LandingData): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>discord-exporter</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}td,th{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:left}td.n{text-align:right}.forbidden,.unreadable{color:#b00}.backfilling{color:#a60}</style>
</head>
<body>
<h1>discord-exporter</h1>
<p>Version ${data.version}. <a href="/metrics">Metrics</a> · <a href="/healthz">Health</a></p>
${data.guilds.map(
  (guild) => html`<h2>${guild.name || guild.id} <small>(${guild.id})</small></h2>
<p>Status: ${guild.status}. Members: ${guild.members ?? "?"}, online: ${guild.online ?? "?"}. Last successful sync: ${
    guild.lastSuccessAt ? new Date(guild.lastSuccessAt).toISOString() : "never"
  }</p>
<table><thead><tr><th>Channel</th><th>Id</th><th>Type</th><th>State</th><th>Messages</th><th>In threads</th><th>Backfill</th></tr></thead><tbody>
${guild.channels.map(
  (
    channel,
  ) => html`<tr class="${channel.state}"><td>${channel.name}</td><td>${channel.id}</td><td>${channel.type}</td><td>${channel.state}</td><td class="n">${channel.messages}</td><td class="n">${channel.threadMessages}</td><td class="n">${channel.backfillPercent}%</td></tr>
`,
)}</tbody></table>`,
)}
</body>
</html>`;
}
