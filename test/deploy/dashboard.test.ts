// Structure of the Grafana dashboard (deploy/grafana/dashboards/discord.json), and the query-extraction helpers.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  extractAlertExprs,
  extractDashboardQueries,
  extractVariableQueries,
  type GrafanaPanel,
  GRAFANA_BUILTIN_VALUES,
  listPanels,
  referencedMetrics,
  referencedVariables,
  substituteGrafanaVariables,
} from "../helpers/dashboard-queries.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, "deploy/grafana/dashboards/discord.json"), "utf8")) as {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: GrafanaPanel[];
  templating: {
    list: {
      name: string;
      type: string;
      multi?: boolean;
      includeAll?: boolean;
      allValue?: string;
      datasource?: unknown;
    }[];
  };
};
const panels = listPanels(dashboard);
const visible = panels.filter((panel) => panel.type !== "row");
const queries = extractDashboardQueries(dashboard);
const alerts = extractAlertExprs(fs.readFileSync(path.join(ROOT, "deploy/prometheus/alerts.yml"), "utf8"));
const DATASOURCE = { type: "prometheus", uid: "prometheus" };

/** The metric names the exporter serves: the ones named in src/ and the one announced but not served yet. */
function exporterMetricNames(): Set<string> {
  const names = new Set<string>(["up", "discord_active_members"]);
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(file);
      else if (entry.name.endsWith(".ts")) {
        for (const match of fs.readFileSync(file, "utf8").matchAll(/["'`](discord_[a-z0-9_]+)["'`]/g))
          names.add(match[1] ?? "");
      }
    }
  };
  visit(path.join(ROOT, "src"));
  return names;
}

describe("the Discord dashboard", () => {
  it("is a dashboard Grafana 10 to 12 loads", () => {
    expect(dashboard.uid).toBe("discord-exporter");
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    expect(dashboard.schemaVersion).toBeLessThanOrEqual(41);
    expect(visible.length).toBeGreaterThan(10);
  });

  it("uses only timeseries, stat, bar gauge and table panels, in rows", () => {
    for (const panel of panels)
      expect(["row", "timeseries", "stat", "bargauge", "table"], panel.title).toContain(panel.type);
    expect(panels.filter((panel) => panel.type === "row").map((panel) => panel.title)).toEqual([
      "Community",
      "Messages",
      "Threads and forums",
      "Active members",
      "Voice",
      "Exporter health",
    ]);
  });

  it("gives every panel a unique id and a place on the 24-column grid without overlaps", () => {
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    const boxes = panels.map((panel) => ({
      title: panel.title,
      ...(panel.gridPos as { x: number; y: number; w: number; h: number }),
    }));
    for (const box of boxes) expect(box.x + box.w, box.title).toBeLessThanOrEqual(24);
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.title} overlaps ${b.title}`).toBe(false);
      }
    }
  });

  it("queries the provisioned datasource (uid prometheus) in every panel, target and variable", () => {
    for (const panel of visible) {
      expect(panel.datasource, panel.title).toEqual(DATASOURCE);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? [])
        if (target.datasource !== undefined) expect(target.datasource, panel.title).toEqual(DATASOURCE);
    }
    for (const variable of dashboard.templating.list) expect(variable.datasource, variable.name).toEqual(DATASOURCE);
  });

  it("gives every target an expression and every panel a description", () => {
    expect(queries.length).toBeGreaterThanOrEqual(visible.length);
    for (const query of queries) expect(query.expr.trim(), `${query.panelTitle} ${query.refId}`).not.toBe("");
    for (const panel of visible) expect(String(panel.description ?? ""), panel.title).not.toBe("");
  });

  it("has the guild and channel variables", () => {
    const variables = extractVariableQueries(dashboard);
    expect(variables.find((v) => v.name === "guild")?.query).toBe("label_values(discord_guild_members, guild_id)");
    expect(variables.find((v) => v.name === "channel")?.query).toBe(
      'label_values(discord_channel_messages{guild_id=~"$guild"}, channel)',
    );
    const channel = dashboard.templating.list.find((v) => v.name === "channel");
    expect(channel?.multi).toBe(true);
    expect(channel?.includeAll).toBe(true);
    // With EXPORT_CHANNEL_NAMES=false every channel label is "": ".*" still matches, a list of names would not.
    expect(channel?.allValue).toBe(".*");
  });

  it("uses only variables that the dashboard defines or Grafana provides", () => {
    const defined = new Set([...dashboard.templating.list.map((v) => v.name), ...Object.keys(GRAFANA_BUILTIN_VALUES)]);
    const exprs = [...queries.map((q) => q.expr), ...extractVariableQueries(dashboard).map((v) => v.query)];
    for (const expr of exprs)
      for (const name of referencedVariables(expr)) expect(defined, `$${name} in ${expr}`).toContain(name);
  });

  it("filters by the selected guild everywhere a guild_id label exists", () => {
    for (const query of queries) {
      const guildScoped = referencedMetrics(query.expr).some(
        (name) =>
          name.startsWith("discord_") &&
          // Exporter-wide metrics without a guild_id label.
          !/requests|rate_limited|messages_counted|channel_failures|build_info|gateway_up/.test(name),
      );
      if (guildScoped) expect(query.expr, query.panelTitle).toContain('guild_id=~"$guild"');
    }
  });

  it("shows each metric the issue asks for", () => {
    const all = queries.map((q) => q.expr).join("\n");
    for (const needle of [
      "discord_guild_members{",
      "discord_guild_members_online{",
      "discord_channel_messages{",
      'source="threads"',
      'author="human"',
      'author="bot"',
      "discord_active_members{",
      "time() - max by (guild_id) (discord_exporter_last_sync_success_timestamp_seconds",
      'discord_exporter_syncs_total{guild_id=~"$guild", result="failure"}',
      "discord_exporter_rate_limited_total",
      "sum by (job, status) (rate(discord_exporter_discord_requests_total",
      "discord_exporter_backfill_progress_ratio",
      "sum by (state) (discord_exporter_channels",
      'discord_voice_members{guild_id=~"$guild"}',
      'increase(discord_voice_seconds_total{guild_id=~"$guild", author="human"}[1d])',
      'max by (window) (discord_voice_active_members{guild_id=~"$guild"})',
      'increase(discord_guild_member_joins_total{guild_id=~"$guild"}[1d])',
      'increase(discord_guild_member_leaves_total{guild_id=~"$guild"}[1d])',
      "discord_exporter_gateway_up",
    ]) {
      expect(all, needle).toContain(needle);
    }
  });

  /** Each panel under the row it sits in (rows are open: their panels follow them in the list). */
  function panelsByRow(): Map<string, GrafanaPanel[]> {
    const rows = new Map<string, GrafanaPanel[]>();
    let current = "";
    for (const panel of panels) {
      if (panel.type === "row") {
        current = panel.title ?? "";
        rows.set(current, []);
      } else rows.get(current)?.push(panel);
    }
    return rows;
  }

  it("has a Voice row with people in voice now, voice hours per day and voice active members; joins and leaves under Community", () => {
    const rows = panelsByRow();
    const exprsOf = (row: string) => (rows.get(row) ?? []).flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ""));
    const voice = exprsOf("Voice");
    for (const metric of ["discord_voice_members", "discord_voice_seconds_total", "discord_voice_active_members"])
      expect(
        voice.some((expr) => expr.includes(metric)),
        metric,
      ).toBe(true);
    expect(voice.every((expr) => expr.includes("discord_voice_"))).toBe(true);
    expect(exprsOf("Community").filter((expr) => expr.includes("discord_guild_member_"))).toHaveLength(2);
    expect(exprsOf("Exporter health")).toContain("discord_exporter_gateway_up");
  });

  it("reads the new counters only through increase() over whole days, in daily bars", () => {
    const counters = /discord_(voice_seconds|guild_member_joins|guild_member_leaves)_total/;
    const using = queries.filter((q) => counters.test(q.expr));
    expect(using.length).toBeGreaterThanOrEqual(4);
    for (const query of using) {
      expect(query.expr, query.panelTitle).toMatch(
        /^(sum(?: by \([a-z_, ]+\) )?\()?increase\(discord_[a-z_]+_total\{[^}]*\}\[1d\]\)\)?( \/ 3600)?$/,
      );
      const panel = visible.find((p) => p.title === query.panelTitle);
      expect(panel?.interval, query.panelTitle).toBe("1d");
      expect(JSON.stringify(panel?.fieldConfig), query.panelTitle).toContain('"drawStyle":"bars"');
      expect(String(panel?.description), query.panelTitle).toMatch(/increase\(\)/);
    }
  });

  it("never applies rate() or increase() to discord_channel_messages (a gauge that drops on recounts)", () => {
    for (const query of queries) {
      expect(query.expr, query.panelTitle).not.toMatch(/\b(rate|irate|increase)\(\s*discord_channel_messages/);
      if (/delta\(\s*discord_channel_messages/.test(query.expr)) {
        expect(query.expr, `${query.panelTitle}: clamp recounts at 0`).toMatch(
          /clamp_min\(delta\(discord_channel_messages/,
        );
        const panel = visible.find((p) => p.title === query.panelTitle);
        expect(String(panel?.description), query.panelTitle).toMatch(/increase\(\)/);
      }
    }
  });

  it("highlights forbidden and unreadable channels in the channels-by-state panel", () => {
    const panel = visible.find((p) => p.title === "Channels by state");
    expect(JSON.stringify(panel?.fieldConfig)).toMatch(/forbidden\|unreadable/);
    expect(JSON.stringify(panel?.fieldConfig)).toMatch(/"red"/);
  });

  it("refers only to metrics the exporter serves (or announced: discord_active_members)", () => {
    const known = exporterMetricNames();
    const exprs = [
      ...queries.map((q) => q.expr),
      ...alerts.map((a) => a.expr),
      ...extractVariableQueries(dashboard).map((v) => v.query),
    ];
    for (const expr of exprs)
      for (const name of referencedMetrics(expr)) expect(known, `${name} in ${expr}`).toContain(name);
  });
});

describe("dashboard-queries helpers", () => {
  const fixture = {
    panels: [
      { id: 1, type: "row", title: "Open row", panels: [] },
      { id: 2, type: "stat", title: "Top", targets: [{ refId: "A", expr: "up" }] },
      {
        id: 3,
        type: "row",
        title: "Collapsed row",
        collapsed: true,
        panels: [
          {
            id: 4,
            type: "timeseries",
            title: "Nested",
            targets: [
              { refId: "A", expr: "rate(x[$__rate_interval])", instant: false },
              { refId: "B", expr: "y", instant: true },
            ],
          },
        ],
      },
    ],
    templating: {
      list: [
        { name: "guild", type: "query", query: { query: "label_values(discord_guild_members, guild_id)" } },
        { name: "legacy", type: "query", query: 'label_values(m{a=~"$guild", b="x,y"}, c)' },
        { name: "names", type: "query", query: "label_values(guild)" },
        { name: "const", type: "constant", query: "1" },
      ],
    },
  };

  it("extracts queries from top-level panels and from panels nested in rows", () => {
    expect(extractDashboardQueries(fixture).map((q) => [q.panelTitle, q.refId, q.expr, q.instant])).toEqual([
      ["Top", "A", "up", false],
      ["Nested", "A", "rate(x[$__rate_interval])", false],
      ["Nested", "B", "y", true],
    ]);
  });

  it("turns label_values(selector, label) into its selector", () => {
    expect(extractVariableQueries(fixture).map((v) => [v.name, v.expr])).toEqual([
      ["guild", "discord_guild_members"],
      ["legacy", 'm{a=~"$guild", b="x,y"}'],
      ["names", null],
    ]);
  });

  it("substitutes Grafana's variables in all their spellings, and leaves the rest alone", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own ${var} syntax, not a JavaScript template
    expect(substituteGrafanaVariables('sum(rate(x{g=~"$guild", c=~"${channel:regex}"}[$__rate_interval]))')).toBe(
      'sum(rate(x{g=~".*", c=~".*"}[4m]))',
    );
    expect(
      substituteGrafanaVariables("increase(x[$__range]) / $__range_s + [[guild]] + $__interval + $__interval_ms"),
    ).toBe("increase(x[1h]) / 3600 + .* + 1m + 60000");
    expect(substituteGrafanaVariables('x{guild_id=~"$guild"}', { guild: "1100000000000000001" })).toBe(
      'x{guild_id=~"1100000000000000001"}',
    );
    expect(substituteGrafanaVariables('label_replace(x, "a", "$1", "b", "(.*)") + $unknown')).toBe(
      'label_replace(x, "a", "$1", "b", "(.*)") + $unknown',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own ${var} syntax, not a JavaScript template
    expect(referencedVariables('x{a=~"$guild"}[$__rate_interval] ${channel:csv} "$1"')).toEqual([
      "guild",
      "__rate_interval",
      "channel",
    ]);
  });

  it("extracts alert and recording rule expressions", () => {
    const yaml =
      "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: |\n          up == 0\n        for: 5m\n      - record: r:x\n        expr: sum(x)\n";
    expect(extractAlertExprs(yaml)).toEqual([
      { group: "g", name: "A", kind: "alert", expr: "up == 0", for: "5m" },
      { group: "g", name: "r:x", kind: "record", expr: "sum(x)", for: null },
    ]);
  });

  it("names the metrics of an expression, not its labels or functions", () => {
    expect(
      referencedMetrics('time() - max by (guild_id) (discord_exporter_x{guild_id=~"1"}) + up == 0').sort(),
    ).toEqual(["discord_exporter_x", "up"]);
  });
});
