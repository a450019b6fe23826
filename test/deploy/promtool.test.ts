// promtool on the shipped Prometheus config and alert rules, and the alerts' unit tests (alerts.test.yml).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { extractAlertExprs } from "../helpers/dashboard-queries.js";
import { findTool } from "../helpers/prometheus.js";
import { runSmall } from "../helpers/small-spawn.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PROMETHEUS_DIR = path.join(ROOT, "deploy/prometheus");
const promtool = findTool("promtool");

/** Runs promtool in deploy/prometheus (the config names alerts.yml relative to itself) and expects exit 0. */
async function runPromtool(...args: string[]): Promise<string> {
  const result = await runSmall(promtool.require(), args, { cwd: PROMETHEUS_DIR, timeoutMs: 60_000 });
  const output = `${result.stdout}${result.stderr}`;
  if (result.error) throw result.error;
  expect(result.status, `promtool ${args.join(" ")} failed:\n${output}`).toBe(0);
  return output;
}

describe.skipIf(promtool.skip)("promtool (deploy/prometheus)", () => {
  it("is installed", () => {
    expect(promtool.require()).toMatch(/promtool$/);
  });

  it("accepts prometheus.yml (check config, which also checks the rule files it names)", async () => {
    expect(await runPromtool("check", "config", "prometheus.yml")).toMatch(/SUCCESS/);
  });

  it("accepts alerts.yml (check rules)", async () => {
    expect(await runPromtool("check", "rules", "alerts.yml")).toMatch(/SUCCESS: 7 rules found/);
  });

  it("passes the alerts' unit tests (test rules alerts.test.yml)", async () => {
    expect(await runPromtool("test", "rules", "alerts.test.yml")).toMatch(/SUCCESS/);
  });

  it("fails on a broken rule, so the checks above can fail", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-promtool-"));
    try {
      fs.writeFileSync(
        path.join(dir, "bad.yml"),
        "groups:\n  - name: bad\n    rules:\n      - alert: Bad\n        expr: up ==\n",
      );
      const result = await runSmall(promtool.require(), ["check", "rules", path.join(dir, "bad.yml")]);
      expect(result.status).not.toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("alerts.test.yml covers every alert", () => {
  const alerts = extractAlertExprs(fs.readFileSync(path.join(PROMETHEUS_DIR, "alerts.yml"), "utf8"));
  const unitTests = parse(fs.readFileSync(path.join(PROMETHEUS_DIR, "alerts.test.yml"), "utf8")) as {
    rule_files: string[];
    tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
  };
  const cases = unitTests.tests.flatMap((test) => test.alert_rule_test ?? []);

  it("loads alerts.yml", () => {
    expect(unitTests.rule_files).toEqual(["alerts.yml"]);
  });

  it("defines the seven alerts", () => {
    expect(alerts.map((alert) => alert.name).sort()).toEqual(
      [
        "DiscordBotCommandErrors",
        "DiscordChannelFailuresRising",
        "DiscordChannelForbidden",
        "DiscordExporterDown",
        "DiscordExporterSyncFailing",
        "DiscordGatewayDown",
        "DiscordGuildDown",
      ].sort(),
    );
    expect(alerts.every((alert) => alert.kind === "alert")).toBe(true);
  });

  it.each(alerts.map((alert) => alert.name))("%s is shown both firing and silent", (name) => {
    const mine = cases.filter((c) => c.alertname === name);
    expect(
      mine.some((c) => (c.exp_alerts ?? []).length > 0),
      `${name} never expected to fire`,
    ).toBe(true);
    expect(
      mine.some((c) => (c.exp_alerts ?? []).length === 0),
      `${name} never expected to stay silent`,
    ).toBe(true);
  });

  it("gives every alert a severity and a summary", () => {
    const doc = parse(fs.readFileSync(path.join(PROMETHEUS_DIR, "alerts.yml"), "utf8")) as {
      groups: { rules: { alert: string; labels?: Record<string, string>; annotations?: Record<string, string> }[] }[];
    };
    for (const rule of doc.groups.flatMap((group) => group.rules)) {
      expect(rule.labels?.severity, rule.alert).toMatch(/^(critical|warning|info)$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });
});
