// The dashboard's routes: `/`, `/channels/{id}` and the whitelisted files under /assets/.
import fs from "node:fs";
import { type Context, Hono } from "hono";
import { isVoiceType } from "../../discord/channel-kinds.js";
import type { HistoryQueries } from "../../store/history-queries.js";
import type { VoiceHistory } from "../../store/voice-history.js";
import type { LandingData } from "../landing-page.js";
import { type AssetTable, fileEtag } from "./assets.js";
import { renderChannelNotFound, renderChannelPage } from "./channel-page.js";
import { renderDashboardPage } from "./dashboard-page.js";
import type { FirstCountProgress } from "./first-count.js";
import { parseLangParam, pickLocale } from "./locale.js";
import { parseRangeKey, resolveRange } from "./page-range.js";
import { CONTENT_SECURITY_POLICY, type PageLinks } from "./page-shell.js";

export interface DashboardDeps {
  version: string;
  /** Guilds and their channels as the status table shows them (http/landing-data.ts). */
  readLanding: () => LandingData;
  /** Each guild's first-count progress and estimated time to finish. */
  readFirstCount: () => ReadonlyMap<string, FirstCountProgress>;
  history: HistoryQueries;
  voice: VoiceHistory;
  /** VOICE_ACTIVITY: whether voice is being recorded now (the voice panel says so when it is not). */
  voiceActivity: boolean;
  /** EXPORT_CHANNEL_NAMES: false shows channel ids only. */
  exportChannelNames: boolean;
  /** Today's UTC day: where every range ends. */
  today: () => string;
  assets: AssetTable;
}

function pageHeaders(c: Context): void {
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  // The language follows Accept-Language, and the numbers change with every sync.
  c.header("Vary", "Accept-Language");
  c.header("Cache-Control", "no-store");
  c.header("X-Content-Type-Options", "nosniff");
}

function readPageRequest(c: Context, path: string) {
  const langParam = c.req.query("lang");
  const links: PageLinks = { path, range: parseRangeKey(c.req.query("range")), lang: parseLangParam(langParam) };
  return { locale: pickLocale(langParam, c.req.header("accept-language")), links };
}

export function createDashboardRoutes(deps: DashboardDeps): Hono {
  const routes = new Hono();

  routes.get("/", (c) => {
    const { locale, links } = readPageRequest(c, "/");
    const today = deps.today();
    const firstCount = deps.readFirstCount();
    const guilds = deps.readLanding().guilds.map((guild) => ({
      guild,
      range: resolveRange(links.range, today, deps.history.guild(guild.id)?.firstDay ?? null),
      firstCount: firstCount.get(guild.id),
      voice: { firstDay: deps.voice.firstVoiceDay(guild.id), recording: deps.voiceActivity },
    }));
    pageHeaders(c);
    return c.html(
      renderDashboardPage({
        locale,
        links,
        version: deps.version,
        exportChannelNames: deps.exportChannelNames,
        guilds,
      }),
    );
  });

  routes.get("/channels/:channelId", (c) => {
    const channelId = c.req.param("channelId");
    const { locale, links } = readPageRequest(c, `/channels/${channelId}`);
    pageHeaders(c);
    for (const guild of deps.readLanding().guilds) {
      const channel = guild.channels.find((candidate) => candidate.id === channelId);
      if (!channel) continue;
      const range = resolveRange(links.range, deps.today(), deps.history.guild(guild.id)?.firstDay ?? null);
      return c.html(
        renderChannelPage({
          locale,
          links,
          version: deps.version,
          exportChannelNames: deps.exportChannelNames,
          guild,
          channel,
          range,
          sources: deps.history.channelSourcesPerDay(channel.id, range),
          voice: isVoiceType(deps.history.channel(channel.id)?.type ?? -1)
            ? { firstDay: deps.voice.firstVoiceDay(guild.id), recording: deps.voiceActivity }
            : null,
        }),
      );
    }
    return c.html(renderChannelNotFound({ locale, links: { ...links, path: "/" }, version: deps.version }), 404);
  });

  routes.get("/assets/*", async (c) => {
    const asset = deps.assets.get(c.req.path);
    if (!asset) return c.text("not found\n", 404);
    c.header("Content-Type", asset.contentType);
    c.header("X-Content-Type-Options", "nosniff");
    // Revalidated every time (a 304 costs nothing): an upgraded exporter must never run last version's client.
    c.header("Cache-Control", "no-cache");
    if (asset.kind === "text") {
      c.header("ETag", asset.etag);
      if (c.req.header("if-none-match") === asset.etag) return c.body(null, 304);
      return c.body(asset.body);
    }
    let stats: fs.Stats;
    try {
      stats = await fs.promises.stat(asset.file);
    } catch {
      // dist/ not built: say so instead of a bare 404 a reader cannot act on.
      return c.text(`not built: ${c.req.path} (run npm run build)\n`, 404);
    }
    const etag = fileEtag(stats);
    c.header("ETag", etag);
    if (c.req.header("if-none-match") === etag) return c.body(null, 304);
    return c.body(new Uint8Array(await fs.promises.readFile(asset.file)));
  });

  return routes;
}
