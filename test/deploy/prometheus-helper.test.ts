// test/helpers/prometheus.ts itself: scrape a small metrics server, query it, and clean up.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findTool, type RunningPrometheus, startPrometheus } from "../helpers/prometheus.js";

const prometheusTool = findTool("prometheus");

describe.skipIf(prometheusTool.skip)("startPrometheus", () => {
  let server: http.Server;
  let target: string;
  let prom: RunningPrometheus | undefined;
  let scrapes = 0;
  // Started here, beside the main instance: each Prometheus takes ~5 s to hand its targets to the scraper, and the
  // two waits overlap instead of adding up. A failure to start shows in the test that awaits it.
  let downStarting: Promise<RunningPrometheus> | undefined;

  beforeAll(async () => {
    prometheusTool.require();
    downStarting = startPrometheus({ scrapeTargets: ["127.0.0.1:1"], scrapeIntervalSeconds: 1 });
    downStarting.catch(() => {});
    server = http.createServer((request, response) => {
      if (request.url !== "/metrics") {
        response.writeHead(404).end();
        return;
      }
      scrapes++;
      response.writeHead(200, { "Content-Type": "text/plain; version=0.0.4" });
      response.end(
        [
          "# TYPE discord_guild_members gauge",
          'discord_guild_members{guild_id="1100000000000000001",guild="Demo Community"} 42',
          "# TYPE discord_exporter_syncs_total counter",
          `discord_exporter_syncs_total{guild_id="1100000000000000001",result="success"} ${scrapes}`,
          "",
        ].join("\n"),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    target = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await prom?.stop();
    await (await downStarting?.catch(() => undefined))?.stop();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("starts on loopback, scrapes the targets and answers queries", async () => {
    prom = await startPrometheus({ scrapeTargets: [target], scrapeIntervalSeconds: 1 });
    expect(prom.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.existsSync(prom.configFile)).toBe(true);

    const targets = await prom.waitForTargetsUp({ timeoutMs: 20_000 });
    expect(targets).toHaveLength(1);
    expect(targets[0]?.labels.job).toBe("discord-exporter");

    const members = await prom.waitForVector('discord_guild_members{guild_id="1100000000000000001"}', {
      timeoutMs: 20_000,
    });
    expect(members).toHaveLength(1);
    expect(members[0]?.metric.guild).toBe("Demo Community");
    expect(members[0]?.metric.instance).toBe(target);
    expect(members[0]?.value[1]).toBe("42");

    const data = await prom.query("up");
    expect(data.resultType).toBe("vector");

    const scalar = await prom.query("1 + 1");
    expect(scalar).toMatchObject({ resultType: "scalar", result: [expect.any(Number), "2"] });
  });

  it("waits for a condition on a query, and runs range queries", async () => {
    if (!prom) throw new Error("previous test did not start Prometheus");
    await prom.waitForVector("discord_exporter_syncs_total", {
      until: (samples) => Number(samples[0]?.value[1]) >= 3,
      timeoutMs: 20_000,
    });
    const series = await prom.queryRange("discord_exporter_syncs_total", {
      start: Date.now() / 1000 - 30,
      stepSeconds: 1,
    });
    expect(series).toHaveLength(1);
    expect(series[0]?.values.length).toBeGreaterThanOrEqual(2);
  });

  it("throws a PrometheusQueryError on a bad query, and queryRaw reports it", async () => {
    if (!prom) throw new Error("previous test did not start Prometheus");
    await expect(prom.query("sum(")).rejects.toThrow(/Prometheus rejected "sum\(": bad_data/);
    const raw = await prom.queryRaw("sum(");
    expect(raw.status).toBe("error");
    expect(raw.httpStatus).toBe(400);
    await expect(prom.queryVector("1")).rejects.toThrow(/scalar, not a vector/);
  });

  it("reports targets that are down when waiting for them", async () => {
    if (!downStarting) throw new Error("beforeAll did not start the second Prometheus");
    const down = await downStarting;
    try {
      // Let the target be discovered and scraped once (about 5 s after start), then waiting for it to be up times out.
      for (let i = 0; i < 100 && !(await down.targets()).some((t) => t.health === "down"); i++)
        await new Promise((r) => setTimeout(r, 200));
      await expect(down.waitForTargetsUp({ timeoutMs: 1000 })).rejects.toThrow(/127\.0\.0\.1:1\/metrics: down \(.+\)/);
    } finally {
      await down.stop();
    }
  });

  it("stops the process and removes its directory", async () => {
    if (!prom) throw new Error("previous test did not start Prometheus");
    const { dir, pid, url } = prom;
    await prom.stop();
    await prom.stop(); // twice is fine
    expect(fs.existsSync(dir)).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    await expect(fetch(`${url}/-/ready`)).rejects.toThrow();
    prom = undefined;
  });

  it("fails clearly when Prometheus cannot start", async () => {
    await expect(startPrometheus({ extraArgs: ["--no-such-flag"], startTimeoutMs: 10_000 })).rejects.toThrow(
      /exited .*before it was ready/,
    );
  });
});
