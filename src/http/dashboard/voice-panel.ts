// The voice panel of a guild's page and of a voice channel's page: the voice chart (src/charts/voice-chart.ts) drawn
// from /api/v1/…/voice/daily over the days voice was recorded, or a short note saying why there is nothing to draw.
import { html } from "hono/html";
import type { DayRange } from "../../charts/chart-data.js";
import type { ChartLocale } from "../../charts/chart-options.js";
import { formatMessage } from "../../charts/i18n.js";
import { maxDay } from "../../history/utc-days.js";
import { pageMessages } from "../../web/page-messages.js";
import { apiUrl, renderChartFigure } from "./chart-figure.js";

/** What the page knows of a guild's voice recording. */
export interface VoiceRecording {
  /** The guild's first day with a voice record; null: none. */
  firstDay: string | null;
  /** VOICE_ACTIVITY is on now. */
  recording: boolean;
}

export type VoicePanel =
  | {
      kind: "chart";
      range: DayRange;
      /** The first recorded day, when the page's range began before it. */
      since: string | null;
      recording: boolean;
    }
  | { kind: "note"; reason: "off" | "none" };

/**
 * Pure. The days before the first record are unknown (recording was off, or the exporter not yet connected), not
 * days nobody spoke: the chart starts at the first record instead of drawing them as zeros.
 */
export function planVoicePanel(range: DayRange, voice: VoiceRecording): VoicePanel {
  if (voice.firstDay === null || voice.firstDay > range.to) {
    return { kind: "note", reason: voice.recording ? "none" : "off" };
  }
  const from = maxDay(range.from, voice.firstDay);
  return {
    kind: "chart",
    range: { from, to: range.to },
    since: from === range.from ? null : from,
    recording: voice.recording,
  };
}

export interface VoicePanelPlace {
  locale: ChartLocale;
  guildId: string;
  /** One voice channel's panel; the whole guild's without. */
  channelId?: string;
  /** Shown under the chart's title. */
  context: string;
}

export function renderVoicePanel(place: VoicePanelPlace, panel: VoicePanel) {
  const text = pageMessages[place.locale];
  const heading = text.chartHeadings.voice;
  if (panel.kind === "note") {
    return html`<figure class="voice-note" data-voice-note="${panel.reason}">
<h3>${heading}</h3>
<p class="muted">${text.voice[panel.reason]}</p>
</figure>`;
  }
  const notes = [
    panel.since === null ? null : formatMessage(text.voice.since, { day: panel.since }),
    panel.recording ? null : text.voice.stopped,
  ].filter((note): note is string => note !== null);
  return renderChartFigure({
    kind: "voice",
    heading,
    api: apiUrl(`/api/v1/guilds/${place.guildId}/voice/daily`, {
      from: panel.range.from,
      to: panel.range.to,
      channel: place.channelId,
    }),
    range: panel.range,
    context: place.context,
    ...(notes.length === 0 ? {} : { note: notes.join(" ") }),
  });
}
