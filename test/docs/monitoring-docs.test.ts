// docs/monitoring-stack.md against what deploy/ ships: every alert of alerts.yml in the alerts table with its
// severity (and no alert that is not there), every row of the Grafana dashboard described, and the recount command.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { readSections } from "../helpers/markdown-doc.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const doc = read("docs/monitoring-stack.md");

function sectionText(heading: string): string {
  const found = readSections(doc).find((s) => s.heading === heading);
  if (!found) throw new Error(`docs/monitoring-stack.md has no "## ${heading}"`);
  return found.text;
}

describe("docs/monitoring-stack.md", () => {
  it("lists every alert of deploy/prometheus/alerts.yml with its severity, and no other", () => {
    const rules = (
      parseYaml(read("deploy/prometheus/alerts.yml")) as {
        groups: { rules: { alert?: string; labels?: { severity?: string } }[] }[];
      }
    ).groups.flatMap((group) => group.rules.filter((rule) => rule.alert !== undefined));
    const shipped = rules.map((rule) => [rule.alert, rule.labels?.severity]).sort();
    const documented = [...sectionText("The alerts").matchAll(/^\| `(\w+)` \|.*\| (\w+) \|$/gm)]
      .map((row) => [row[1], row[2]])
      .sort();
    expect(shipped.length).toBeGreaterThan(0);
    expect(documented).toEqual(shipped);
  });

  it("describes every row of the Grafana dashboard", () => {
    const dashboard = JSON.parse(read("deploy/grafana/dashboards/discord.json")) as {
      panels: { type: string; title: string }[];
    };
    const rows = dashboard.panels.filter((panel) => panel.type === "row").map((panel) => panel.title);
    const described = [...sectionText("The dashboard").matchAll(/^- \*\*([^*]+)\*\*/gm)].map((match) => match[1]);
    expect(rows.length).toBeGreaterThan(0);
    expect(described).toEqual(rows);
  });

  it("shows how to recount everything beside the running exporter", () => {
    expect(doc).toMatch(/^docker compose exec exporter discord-exporter recount --all\b/m);
  });
});
