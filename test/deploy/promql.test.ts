// Every PromQL expression shipped (dashboard panels, dashboard variables, alert rules) is accepted by a real
// Prometheus, and the rules file loads into it.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  extractAlertExprs,
  extractDashboardQueries,
  extractVariableQueries,
  substituteGrafanaVariables,
} from "../helpers/dashboard-queries.js";
import { findTool, type RunningPrometheus, startPrometheus } from "../helpers/prometheus.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ALERTS_FILE = path.join(ROOT, "deploy/prometheus/alerts.yml");
const dashboard: unknown = JSON.parse(
  fs.readFileSync(path.join(ROOT, "deploy/grafana/dashboards/discord.json"), "utf8"),
);
const alerts = extractAlertExprs(fs.readFileSync(ALERTS_FILE, "utf8"));
const prometheusTool = findTool("prometheus");

describe.skipIf(prometheusTool.skip)("PromQL against a real Prometheus", () => {
  let prom: RunningPrometheus;

  beforeAll(async () => {
    prometheusTool.require();
    // No targets: expressions are parsed and evaluated on an empty database. Rules every second, so they are
    // evaluated (and any evaluation error reported) before the tests look.
    prom = await startPrometheus({ scrapeTargets: [], ruleFiles: [ALERTS_FILE], evaluationIntervalSeconds: 1 });
  });

  afterAll(async () => {
    await prom?.stop();
  });

  /** The expressions Prometheus rejects, with its reason; empty when all are accepted. */
  async function rejected(items: { label: string; expr: string }[]): Promise<string[]> {
    const problems: string[] = [];
    for (const item of items) {
      const response = await prom.queryRaw(item.expr);
      if (response.status !== "success")
        problems.push(`${item.label}: ${response.errorType}: ${response.error}\n    ${item.expr}`);
    }
    return problems;
  }

  it("rejects a broken expression (so the checks below can fail)", async () => {
    expect(await rejected([{ label: "broken", expr: "sum by (channel (x)" }])).toHaveLength(1);
  });

  it("accepts every dashboard panel's query, variables substituted", async () => {
    const queries = extractDashboardQueries(dashboard);
    expect(queries.length).toBeGreaterThan(20);
    const items = queries.map((q) => ({
      label: `panel "${q.panelTitle}" ${q.refId}`,
      expr: substituteGrafanaVariables(q.expr),
    }));
    for (const item of items) expect(item.expr, item.label).not.toMatch(/\$\{?\w|\[\[/);
    expect(await rejected(items)).toEqual([]);
  });

  it("accepts them with a concrete guild and channel selected as well", async () => {
    const values = { guild: "1100000000000000001", channel: "(general|announcements)" };
    const items = extractDashboardQueries(dashboard).map((q) => ({
      label: q.panelTitle,
      expr: substituteGrafanaVariables(q.expr, values),
    }));
    expect(await rejected(items)).toEqual([]);
  });

  it("accepts the selectors of the dashboard's variables", async () => {
    const variables = extractVariableQueries(dashboard);
    expect(variables.map((v) => v.name)).toEqual(["guild", "channel"]);
    const items = variables.map((v) => ({
      label: `variable ${v.name}`,
      expr: substituteGrafanaVariables(v.expr ?? ""),
    }));
    expect(await rejected(items)).toEqual([]);
  });

  it("accepts every alert rule's expression", async () => {
    expect(alerts.length).toBe(7);
    expect(await rejected(alerts.map((a) => ({ label: `alert ${a.name}`, expr: a.expr })))).toEqual([]);
  });

  it("loads alerts.yml and evaluates every rule without error", async () => {
    let groups = await prom.rules();
    // Health is "unknown" until the first evaluation (every second here).
    for (let i = 0; i < 50 && groups.flatMap((g) => g.rules).some((r) => r.health === "unknown"); i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      groups = await prom.rules();
    }
    const rules = groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.name).sort()).toEqual(alerts.map((alert) => alert.name).sort());
    for (const rule of rules) {
      expect(rule.type, rule.name).toBe("alerting");
      expect(rule.health, `${rule.name}: ${rule.lastError ?? ""}`).toBe("ok");
    }
    // Nothing to alert on in an empty database.
    expect(await prom.alerts()).toEqual([]);
  });
});
