import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { World } from "../../fake-discord/world.js";
import {
  extractAlertExprs,
  extractDashboardQueries,
  extractVariableQueries,
  substituteGrafanaVariables,
} from "../helpers/dashboard-queries.js";
import { type Harness, startHarness } from "../helpers/exporter-harness.js";
import { waitFor } from "../helpers/exporter-process.js";
import { findTool, type QueryData, type RunningPrometheus, startPrometheus } from "../helpers/prometheus.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dashboard = JSON.parse(
  fs.readFileSync(path.join(ROOT, "deploy/grafana/dashboards/discord.json"), "utf8"),
) as unknown;
const alertRules = fs.readFileSync(path.join(ROOT, "deploy/prometheus/alerts.yml"), "utf8");
const prometheusTool = findTool("prometheus");
const DAY = 86_400_000;
const now = Date.now();

function resultSize(data: QueryData): number {
  return data.resultType === "vector" || data.resultType === "matrix" ? data.result.length : 1;
}

/**
 * The shipped dashboard and alert rules against a real Prometheus scraping the real exporter, which counts a guild
 * on the fake Discord: every expression must parse, and every panel must show data.
 */
describe.skipIf(prometheusTool.skip)("dashboard and alerts against a live Prometheus scraping the exporter", () => {
  const world = new World({ seed: 77 });
  const guild = world.addGuild({ name: "Dash", memberCount: 900, presenceCount: 90 });
  const general = world.addChannel(guild.id, { name: "general", type: 0 }).id;
  const forum = world.addChannel(guild.id, { name: "help", type: 15 }).id;
  const huge = world.addChannel(guild.id, { name: "huge", type: 0 }).id;
  world.addChannel(guild.id, { name: "locked", type: 2, canConnect: false });
  // Voice (VOICE_ACTIVITY) and joins (MEMBER_EVENTS), so the Voice row and the joins and leaves panel have data.
  const lounge = world.addChannel(guild.id, { name: "lounge", type: 2 }).id;
  const stage = world.addChannel(guild.id, { name: "stage", type: 13 }).id;
  const [alice, bob] = ["alice", "bob"].map((username) => world.addUser(guild.id, { username }).id);
  const music = world.addUser(guild.id, { username: "music", bot: true }).id;
  world.addMessages(general, 500, { fromMs: now - 20 * DAY, toMs: now - 1000, botRatio: 0.3 });
  world.addMessages(huge, 60_000, { fromMs: now - 900 * DAY, toMs: now - 1000 });
  for (let i = 0; i < 3; i++) {
    const post = world.addThread(forum, { name: `post ${i}`, type: 11, createdAtMs: now - 5 * DAY });
    world.addMessages(post.id, 10, { fromMs: now - 4 * DAY, toMs: now - 1000 });
  }
  let h: Harness;
  let prometheus: RunningPrometheus;

  beforeAll(async () => {
    // In voice before the exporter starts: GUILD_CREATE's voice states start these sessions.
    world.joinVoice(lounge, alice!);
    world.joinVoice(lounge, music);
    // The huge channel backfills slowly for the whole test, so the backfill panels have something to show.
    h = await startHarness(
      world,
      [guild.id],
      { voiceActivity: true, memberEvents: true, voiceCheckpointMs: 1000 },
      {
        faults: { latencyMs: 150, onlyPaths: new RegExp(`^/channels/${huge}/messages`) },
        gateway: { heartbeatIntervalMs: 500, privilegedIntents: { guildMembers: true } },
      },
    );
    await h.exporter.loop.syncNow();
    await waitFor("the voice sessions from GUILD_CREATE", () => {
      const row = h.store.sqlite.prepare("SELECT count(*) AS n FROM voice_sessions").get() as { n: number };
      return row.n === 2 ? true : undefined;
    });
    // A join, a leave and a move while it listens: the member-flow counters exist from the first one on.
    world.joinMember(guild.id, { username: "newcomer" });
    world.leaveMember(guild.id, bob!);
    world.moveVoice(alice!, stage);
    await waitFor("the join and the leave stored", () => {
      const row = h.store.sqlite
        .prepare("SELECT sum(human_joins + human_leaves) AS n FROM member_flow_daily")
        .get() as { n: number | null };
      return row.n === 2 ? true : undefined;
    });
    // A few 429s (on the slow channel's pages), so the rate-limit panel has a series to show.
    h.fake.setFaults({ forced429: 3, latencyMs: 150, onlyPaths: new RegExp(`^/channels/${huge}/messages`) });
    world.addMessagesNow(general, 30, { botRatio: 0.5 });
    prometheus = await startPrometheus({ scrapeTargets: [new URL(h.exporter.url).host], scrapeIntervalSeconds: 1 });
    await prometheus.waitForTargetsUp({ timeoutMs: 30_000 });
    // Scrapes before and after a sync, so delta() over a window has two points and something moved (the 30 new
    // messages): waited for on Prometheus's own samples, not for a fixed time.
    const syncsSeen = async () =>
      Number((await prometheus.queryVector("sum(discord_exporter_syncs_total)"))[0]?.value[1] ?? Number.NaN);
    await prometheus.waitForVector("count_over_time(up[1m])", { until: (s) => Number(s[0]?.value[1]) >= 2 });
    const before = await syncsSeen();
    await h.exporter.loop.syncNow();
    await prometheus.waitForVector("sum(discord_exporter_syncs_total)", {
      until: (s) => Number(s[0]?.value[1]) > before,
    });
  }, 90_000);
  afterAll(async () => {
    await prometheus?.stop();
    await h?.close();
  });

  it("every dashboard panel's query parses and returns data", async () => {
    const queries = extractDashboardQueries(dashboard);
    expect(queries.length).toBeGreaterThan(10);
    const empty: string[] = [];
    for (const query of queries) {
      const data = await prometheus.query(substituteGrafanaVariables(query.expr));
      if (resultSize(data) === 0) empty.push(`${query.panelTitle} [${query.refId}]: ${query.expr}`);
    }
    expect(empty).toEqual([]);
  });

  it("every dashboard variable query finds values", async () => {
    for (const variable of extractVariableQueries(dashboard)) {
      if (variable.expr === null) continue;
      const data = await prometheus.query(substituteGrafanaVariables(variable.expr));
      expect(resultSize(data), variable.name).toBeGreaterThan(0);
    }
  });

  it("every alert rule expression parses against the live data", async () => {
    const rules = extractAlertExprs(alertRules);
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const rule of rules) {
      const response = await prometheus.queryRaw(rule.expr);
      expect(response.status, `${rule.name}: ${response.error ?? ""}`).toBe("success");
    }
  });
});
