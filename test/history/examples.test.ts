// The queries of docs/history.md: quoted verbatim on the page, valid against the real schema, runnable by sqlite3.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HISTORY_EXAMPLES,
  fillOutputBlocks,
  formatMarkdownTable,
  formatOutputBlock,
  formatSqliteCommand,
  outputEndMarker,
  outputStartMarker,
} from "../../src/history/example-queries.js";
import { isCI } from "../helpers/ci.js";
import { runSmall } from "../helpers/small-spawn.js";
import { type Fixture, G1, buildHistoryFixture } from "./fixture.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PAGE = fs.readFileSync(path.join(ROOT, "docs/history.md"), "utf8");
// .ci/run installs Debian's sqlite3: there, its absence fails the test instead of skipping it.
const sqlite3Found = spawnSync("sqlite3", ["-version"]).status === 0;

describe("history examples", () => {
  let fx: Fixture;
  beforeAll(() => {
    fx = buildHistoryFixture();
  });
  afterAll(() => fx.cleanup());

  it.each(HISTORY_EXAMPLES.map((e) => [e.name, e] as const))(
    "%s is on the page verbatim, with its output markers",
    (_, example) => {
      expect(PAGE).toContain(`\`\`\`sh\n${formatSqliteCommand(example)}\n\`\`\``);
      expect(PAGE).toContain(outputStartMarker(example.name));
      expect(PAGE).toContain(outputEndMarker(example.name));
      expect(example.sql).not.toMatch(/["$`\\]/);
    },
  );

  it("every example runs against a freshly migrated database", () => {
    for (const example of HISTORY_EXAMPLES)
      expect(() => fx.store.sqlite.prepare(example.sql).all(), example.name).not.toThrow();
  });

  it("the voice and member-flow examples without a date filter answer the fixture's truth", () => {
    const run = (name: string) => {
      const example = HISTORY_EXAMPLES.find((e) => e.name === name);
      if (!example) throw new Error(`no example ${name}`);
      return fx.store.sqlite.prepare(example.sql).all() as Record<string, unknown>[];
    };
    const excluded = new Set(fx.channels.filter((c) => c.state === "excluded").map((c) => c.id));
    const days = [...new Set(fx.voice.map((v) => v.day))].sort().reverse().slice(0, 14);
    expect(run("daily_voice_users")).toEqual(
      days.map((day) => ({
        day,
        guild_id: G1,
        people: new Set(
          fx.voice.filter((v) => v.day === day && !v.bot && !excluded.has(v.channelId)).map((v) => v.userId),
        ).size,
      })),
    );
    const flowDays = [...new Set(fx.memberEvents.map((e) => e.day))].sort().reverse().slice(0, 14);
    const count = (day: string, kind: string, bot?: boolean) =>
      fx.memberEvents.filter((e) => e.day === day && e.kind === kind && (bot === undefined || e.bot === bot)).length;
    expect(run("member_flow_per_day")).toEqual(
      flowDays.map((day) => ({
        day,
        guild_id: G1,
        joins: count(day, "join"),
        leaves: count(day, "leave"),
        bot_joins: count(day, "join", true),
        bot_leaves: count(day, "leave", true),
      })),
    );
  });

  it.skipIf(!sqlite3Found && !isCI())("every documented command runs in a shell with the sqlite3 CLI", async () => {
    if (!sqlite3Found) throw new Error("sqlite3 not found on PATH: apt-get install -y sqlite3 (Debian)");
    const outputs = new Map<string, string>();
    for (const example of HISTORY_EXAMPLES) {
      const result = await runSmall("sh", ["-c", formatSqliteCommand(example, fx.file)]);
      expect(result.stderr, example.name).toBe("");
      expect(result.status, example.name).toBe(0);
      outputs.set(example.name, result.stdout);
    }
    // One with rows, to see the CLI's own output: the weekly totals.
    const weekly = outputs.get(HISTORY_EXAMPLES[1]!.name)!;
    expect(weekly.split("\n")[0]).toMatch(/^week\s+guild_id\s+human\s+bot\s+total/);
  });

  it("formats outputs as markdown and fills the page's blocks, twice giving the same page", () => {
    expect(
      formatMarkdownTable(
        ["a", "b"],
        [
          [1, "x|y"],
          [null, 2],
        ],
      ),
    ).toBe("| a | b |\n| --- | --- |\n| 1 | x\\|y |\n|  | 2 |");
    expect(formatMarkdownTable(["a"], [])).toBe("(no rows)");
    const tables = new Map(HISTORY_EXAMPLES.map((e) => [e.name, `| n |\n| --- |\n| ${e.name} |`]));
    const filled = fillOutputBlocks(PAGE, tables);
    for (const example of HISTORY_EXAMPLES)
      expect(filled).toContain(formatOutputBlock(example.name, tables.get(example.name)!));
    expect(fillOutputBlocks(filled, tables)).toBe(filled);
  });
});
