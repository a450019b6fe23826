// The Docker image itself, built from the Dockerfile with buildah and run with `buildah run --isolation chroot`
// (no Docker engine on these machines; see test/helpers/buildah.ts): its own CMD against a fake Discord on this
// machine (exact /metrics), its HEALTHCHECK, the `discord-exporter` commands beside the running exporter on the same
// /data volume, a chart drawn with the bundled fonts, and the demo profile's fake Discord from docker-compose.yml.
//
// Building takes minutes (the first time: ~1.5 min for the stand-in base image, ~3 min for the image; then buildah's
// layer cache keeps the `npm ci` layer), so plain `npm test` skips this file. Run it with
//   IMAGE_CHECK=1 npx vitest run test/deploy/image.test.ts
// as .ci/run does (as root: the image-check scripts install buildah, podman and debootstrap when missing).
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type FakeDiscord, startFakeDiscord } from "../../fake-discord/server.js";
import { World } from "../../fake-discord/world.js";
import {
  buildImage,
  type ContainerProcess,
  createContainer,
  healthcheckArgv,
  type ImageConfig,
  imageCheckTools,
  imageSizeBytes,
  inspectImage,
  removeContainer,
  runHost,
  runInContainer,
  startInContainer,
} from "../helpers/buildah.js";
import { type Harness, startHarness, TEST_TOKEN } from "../helpers/exporter-harness.js";
import { waitFor } from "../helpers/exporter-process.js";
import { freePort } from "../helpers/free-port.js";
import { parseMetrics, type Sample, sumSamples } from "../helpers/parse-metrics.js";
import { findPromtool, promtoolCheckMetrics } from "../helpers/promtool.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ENABLED = process.env.IMAGE_CHECK === "1";
// One image per checkout, so that two checkouts on one machine do not overwrite each other's.
const TAG =
  process.env.IMAGE_TAG ??
  `localhost/discord-exporter:check-${createHash("sha256").update(ROOT).digest("hex").slice(0, 8)}`;
const BUILD_LOG = path.join(os.tmpdir(), `discord-exporter-image-build-${TAG.split(":")[1]}.log`);
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
/** Families whose values come from Discord's data (not from timing): the image must serve them exactly. */
const DATA_FAMILIES = [
  "discord_guild_members",
  "discord_guild_members_online",
  "discord_guild_up",
  "discord_channel_messages",
  "discord_active_members",
  "discord_exporter_channels",
];
/** The app's part of the image may not grow past this without a look at what grew (it was 220 MB before pruning). */
const APP_BUDGET_BYTES = 110 * 1024 * 1024;

if (!ENABLED) {
  process.stderr.write(
    "[test/deploy] SKIPPING the image check (builds the Docker image with buildah, minutes): " +
      "IMAGE_CHECK=1 npx vitest run test/deploy/image.test.ts runs it (.ci/run does).\n",
  );
}

const DAY = 86_400_000;
const now = Date.now();

/**
 * A guild whose every message is at least two days old, so that export-openmetrics (up to yesterday) holds all of
 * it: a category, text and announcement channels, a forum with posts, a voice channel's chat; people and bots.
 */
function buildWorld() {
  const world = new World({ seed: 2112 });
  const guild = world.addGuild({ name: "Image check", memberCount: 3210, presenceCount: 123 });
  const category = world.addChannel(guild.id, { name: "Community", type: 4 });
  const general = world.addChannel(guild.id, { name: "general", type: 0, parentId: category.id });
  const news = world.addChannel(guild.id, { name: "news", type: 5, parentId: category.id });
  const forum = world.addChannel(guild.id, { name: "help", type: 15, parentId: category.id });
  const voice = world.addChannel(guild.id, { name: "Lounge", type: 2 });
  const until = now - 2 * DAY;
  world.addMessages(general.id, 2500, { fromMs: now - 500 * DAY, toMs: until, botRatio: 0.2, authors: 60 });
  world.addMessages(news.id, 321, { fromMs: now - 200 * DAY, toMs: until, botRatio: 0.5, authors: 4 });
  world.addMessages(voice.id, 77, { fromMs: now - 20 * DAY, toMs: until, authors: 6 });
  const posts = [0, 1, 2].map((i) => {
    const post = world.addThread(forum.id, { name: `question ${i}`, type: 11, createdAtMs: now - 15 * DAY });
    world.addMessages(post.id, 20 + i, { fromMs: now - 14 * DAY, toMs: until, authors: 5 });
    return post.id;
  });
  return { world, guildId: guild.id, general: general.id, news: news.id, voice: voice.id, forum: forum.id, posts };
}

/** The sample lines of the given families, sorted: what two /metrics bodies must agree on. */
function familyLines(text: string, families: readonly string[]): string[] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#") && families.includes(line.split(/[{\s]/)[0] ?? ""))
    .sort();
}

/** The expected totals per channel, people and bots apart, channel and threads apart, from the fake's truth. */
function expectTruth(samples: readonly Sample[], setup: ReturnType<typeof buildWorld>) {
  const { world, guildId } = setup;
  for (const id of [setup.general, setup.news, setup.voice]) {
    for (const bot of [false, true]) {
      expect(
        sumSamples(samples, "discord_channel_messages", {
          channel_id: id,
          author: bot ? "bot" : "human",
          source: "channel",
        }),
        `${id} ${bot ? "bot" : "human"}`,
      ).toBe(world.messageCount(id, { bot }));
    }
  }
  const threads = setup.posts.reduce((sum, id) => sum + world.messageCount(id), 0);
  expect(sumSamples(samples, "discord_channel_messages", { channel_id: setup.forum, source: "threads" })).toBe(threads);
  expect(sumSamples(samples, "discord_guild_members", { guild_id: guildId })).toBe(3210);
  expect(sumSamples(samples, "discord_guild_members_online", { guild_id: guildId })).toBe(123);
  expect(sumSamples(samples, "discord_guild_up", { guild_id: guildId })).toBe(1);
}

describe.skipIf(!ENABLED)("the Docker image, built with buildah and run with buildah run", () => {
  const setup = buildWorld();
  const { world, guildId } = setup;
  let config: ImageConfig;
  let fake: FakeDiscord;
  let container: string;
  let dataDir: string;
  let exporter: ContainerProcess;
  let exporterUrl: string;
  let env: Record<string, string>;
  let harness: Harness;
  const started: ContainerProcess[] = [];
  const containers: string[] = [];
  const dirs: string[] = [];

  /** A directory for a /data volume, writable by the image's user (uid 1000, "node"). */
  function volumeDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-image-"));
    fs.chownSync(dir, 1000, 1000);
    dirs.push(dir);
    return dir;
  }

  function container_(): string {
    const id = createContainer(TAG, { bindVolumes: ["/data"] });
    containers.push(id);
    return id;
  }

  function start(id: string, argv: readonly string[], options: Parameters<typeof startInContainer>[2]) {
    const process_ = startInContainer(id, argv, options);
    started.push(process_);
    return process_;
  }

  const scrape = async (url = exporterUrl) => {
    const response = await fetch(`${url}/metrics`);
    if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
    return response.text();
  };

  beforeAll(async () => {
    fs.writeFileSync(BUILD_LOG, "");
    const started_ = Date.now();
    process.stderr.write(`[image] building ${TAG} with ${imageCheckTools()} (log: ${BUILD_LOG})\n`);
    await buildImage(ROOT, TAG, (text) => fs.appendFileSync(BUILD_LOG, text));
    process.stderr.write(`[image] built in ${((Date.now() - started_) / 1000).toFixed(0)} s\n`);
    config = inspectImage(TAG);

    fake = await startFakeDiscord(world, { token: TEST_TOKEN, host: "127.0.0.1" });
    // The same world through the exporter in this process, from the sources: what the image must serve too.
    harness = await startHarness(world, [guildId]);
    await harness.settle();

    dataDir = volumeDir();
    container = container_();
    const port = await freePort();
    exporterUrl = `http://127.0.0.1:${port}`;
    // What .env gives the compose service; the port and host so as not to clash with anything on this machine
    // (buildah run shares its network).
    env = {
      DISCORD_TOKEN: TEST_TOKEN,
      DISCORD_GUILD_ID: guildId,
      DISCORD_API_URL: fake.url,
      PORT: String(port),
      HOST: "127.0.0.1",
      DISCORD_GLOBAL_RATE_LIMIT: "10000",
    };
    // What `docker run` starts: ENTRYPOINT + CMD, as the image config says.
    exporter = start(container, [...config.entrypoint, ...config.cmd], { env, volumes: [`${dataDir}:/data`] });
    await waitFor(
      "the exporter in the image to finish its first sync and backfills",
      async () => {
        const samples = parseMetrics(await scrape());
        const synced = sumSamples(samples, "discord_exporter_syncs_total", { result: "success" }) >= 1;
        const backfilling = sumSamples(samples, "discord_exporter_channels", { state: "backfilling" });
        const ready = sumSamples(samples, "discord_exporter_channels", { state: "ready" });
        return synced && backfilling === 0 && ready > 0 ? true : undefined;
      },
      90_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nexporter output:\n${exporter.output().slice(-3000)}`);
    });
  }, 20 * 60_000);

  afterAll(async () => {
    for (const process_ of started) await process_.stop(5_000);
    for (const id of containers) removeContainer(id);
    await harness?.close();
    await fake?.close();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is configured as the Dockerfile says: user node, /app, /data volume, port 2112, serve through node", () => {
    expect(config.user).toBe("node");
    expect(config.workingDir).toBe("/app");
    expect(config.volumes).toEqual(["/data"]);
    expect(config.exposedPorts).toEqual(["2112/tcp"]);
    expect(config.env.DATABASE_PATH).toBe("/data/discord-exporter.db");
    expect(config.env.NODE_ENV).toBe("production");
    expect(config.cmd).toContain("serve");
    expect(config.healthcheck?.retries).toBe(3);
  });

  it("runs its CMD as uid 1000 and serves /metrics exactly as the sources do, equal to the fake's truth", async () => {
    expect(exporter.output()).not.toContain(TEST_TOKEN);
    const text = await scrape();
    const samples = parseMetrics(text);
    expectTruth(samples, setup);
    // Every data series, labels and values, as the exporter in this process serves them from the sources.
    expect(familyLines(text, DATA_FAMILIES)).toEqual(familyLines(await harness.scrapeText(), DATA_FAMILIES));
    expect(sumSamples(samples, "discord_exporter_build_info", { version: PACKAGE.version })).toBe(1);
    const promtool = findPromtool();
    if (promtool) expect((await promtoolCheckMetrics(promtool, text)).status).toBe(0);
    const ids = await runInContainer(container, ["id", "-u"], { env });
    expect(ids.stdout.trim()).toBe("1000");
    // The database the exporter made, on the volume, owned by the image's user.
    expect(fs.statSync(path.join(dataDir, "discord-exporter.db")).uid).toBe(1000);
  });

  it("answers its HEALTHCHECK command healthy, and unhealthy where no exporter listens", async () => {
    const argv = healthcheckArgv(config.healthcheck?.test ?? []);
    const healthy = await runInContainer(container, argv, { env });
    expect(healthy.code, healthy.stderr).toBe(0);
    // A check that could not fail would prove nothing.
    const unhealthy = await runInContainer(container, argv, { env: { ...env, PORT: String(await freePort()) } });
    expect(unhealthy.code).not.toBe(0);
  });

  it("runs discord-exporter recount --all beside the running exporter, which then serves the new counts", async () => {
    world.deleteMessages(setup.general, world.messageIds(setup.general).slice(100, 137));
    world.deleteMessages(setup.posts[1]!, world.messageIds(setup.posts[1]!).slice(0, 5));
    // As `docker compose exec exporter discord-exporter recount --all`: the same container, environment and volume.
    const result = await runInContainer(container, ["discord-exporter", "recount", "--all"], {
      env,
      volumes: [`${dataDir}:/data`],
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(/^channel\s+id\s+old\s+new\s+deleted$/);
    expect(lines.find((line) => line.includes(setup.general))).toMatch(
      new RegExp(`^general\\s+${setup.general}\\s+2500\\s+2463\\s+37$`),
    );
    expect(lines.find((line) => line.includes(setup.posts[1]!))).toMatch(/\s5$/);
    expect(result.stdout).toMatch(/^\d+ channel\(s\) recounted, 42 messages deleted since they were counted$/m);
    // The running exporter sees the other process's commit and serves the recounted totals.
    await waitFor("the exporter to serve the recounted totals", async () =>
      sumSamples(parseMetrics(await scrape()), "discord_channel_messages", { channel_id: setup.general }) === 2463
        ? true
        : undefined,
    );
    expectTruth(parseMetrics(await scrape()), setup);
  }, 120_000);

  it("runs discord-exporter export-openmetrics beside it: valid OpenMetrics that promtool turns into blocks", async () => {
    // As `docker compose exec exporter discord-exporter export-openmetrics --out /data/history.om`. Not to standard
    // output: the CLI calls process.exit() right after its last write, and on a pipe that a slower process reads
    // (buildah run's relay here, `docker compose exec -T ... > file` there) Node drops what it had not written yet.
    const result = await runInContainer(
      container,
      ["discord-exporter", "export-openmetrics", "--out", "/data/history.om"],
      { env, volumes: [`${dataDir}:/data`] },
    );
    expect(result.code, result.stderr).toBe(0);
    const text = fs.readFileSync(path.join(dataDir, "history.om"), "utf8");
    expect(text.slice(-300)).toMatch(/\n# EOF\n$/);
    const body = text.split("\n").slice(0, -2);
    expect(body.filter((line) => line.startsWith("# EOF"))).toEqual([]);
    const samples = body
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => {
        const cut = line.lastIndexOf(" ");
        const [sample] = parseMetrics(line.slice(0, cut));
        return { ...sample!, timestamp: Number(line.slice(cut + 1)) };
      });
    expect(samples.length).toBeGreaterThan(100);
    for (const sample of samples) {
      // Seconds, not milliseconds (promtool would silently file those in the far future), and not today's.
      expect(Number.isFinite(sample.timestamp) && sample.timestamp > 1.4e9 && sample.timestamp < now / 1000).toBe(true);
    }
    // Each message series' last day is the total /metrics serves now (every message is older than yesterday).
    const last = new Map<string, { timestamp: number; value: number }>();
    for (const sample of samples.filter((s) => s.name === "discord_channel_messages")) {
      const key = JSON.stringify(Object.entries(sample.labels).sort());
      if ((last.get(key)?.timestamp ?? -1) < sample.timestamp) last.set(key, sample);
    }
    const live = parseMetrics(await scrape()).filter((s) => s.name === "discord_channel_messages");
    expect(new Map([...last].map(([key, s]) => [key, s.value]))).toEqual(
      new Map(live.map((s) => [JSON.stringify(Object.entries(s.labels).sort()), s.value])),
    );
    const promtool = findPromtool();
    if (promtool) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-image-om-"));
      dirs.push(dir);
      const blocks = await runHost(promtool, [
        "tsdb",
        "create-blocks-from",
        "openmetrics",
        "--max-block-duration=720h",
        path.join(dataDir, "history.om"),
        path.join(dir, "blocks"),
      ]);
      expect(blocks.code, `${blocks.stdout}${blocks.stderr}`).toBe(0);
      expect(fs.readdirSync(path.join(dir, "blocks")).length).toBeGreaterThan(0);
    }
  }, 120_000);

  it("runs discord-exporter check-config, --help, version and hash-password", async () => {
    const check = await runInContainer(container, ["discord-exporter", "check-config"], { env });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain("configuration is valid");
    expect(check.stdout).not.toContain(TEST_TOKEN);
    const bad = await runInContainer(container, ["discord-exporter", "check-config"], {
      env: { ...env, POLL_INTERVAL: "1s" },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("POLL_INTERVAL");

    const help = await runInContainer(container, ["discord-exporter", "--help"]);
    expect(help.code, help.stderr).toBe(0);
    for (const command of ["serve", "recount", "export-openmetrics", "check-config", "hash-password", "version"])
      expect(help.stdout).toContain(command);
    const version = await runInContainer(container, ["discord-exporter", "version"]);
    expect(version.stdout).toContain(PACKAGE.version);

    // As `docker compose run --rm --no-deps -T exporter discord-exporter hash-password < password`.
    const hash = await runInContainer(container, ["discord-exporter", "hash-password"], { stdin: "s3cret pass\n" });
    expect(hash.code, hash.stderr).toBe(0);
    expect(await bcrypt.compare("s3cret pass", hash.stdout.trim())).toBe(true);
  }, 60_000);

  it("runs the npm scripts it keeps (npm start, npm run recount, ...) on the built CLI, with no build step first", async () => {
    // `docker compose exec exporter npm run recount -- --all`, as a user used to the repository would type it: the
    // image has no sources and no build script, so a "pre" script that builds would fail it.
    const manifest = await runInContainer(container, ["cat", "/app/package.json"]);
    const scripts = (JSON.parse(manifest.stdout) as { scripts: Record<string, string> }).scripts;
    const kept = Object.keys(PACKAGE.scripts).filter((name) =>
      /^node .*dist\/cli\/main\.js /.test(PACKAGE.scripts[name] ?? ""),
    );
    expect(kept).toEqual(expect.arrayContaining(["start", "recount", "export-openmetrics", "check-config"]));
    expect(scripts).toEqual(Object.fromEntries(kept.map((name) => [name, PACKAGE.scripts[name]])));

    const check = await runInContainer(container, ["npm", "run", "--silent", "check-config"], { env });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain("configuration is valid");
    const help = await runInContainer(container, ["npm", "run", "--silent", "recount", "--", "--help"]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain("--all");
  }, 60_000);

  it("runs every `docker compose exec|run ... exporter discord-exporter` line of the README and the docs", async () => {
    const documented = ["README.md", "docs/monitoring-stack.md"].flatMap((file) =>
      [
        ...fs
          .readFileSync(path.join(ROOT, file), "utf8")
          .matchAll(/^docker compose (?:exec|run --rm --no-deps)(?: -T)? exporter (discord-exporter [^#<>\n]*)/gm),
      ].map((match) => ({ file, args: (match[1] ?? "").trim().split(/\s+/) })),
    );
    const commands = new Set(documented.map((line) => line.args[1]));
    for (const command of ["recount", "export-openmetrics", "check-config", "hash-password"])
      expect(commands, `a documented ${command}`).toContain(command);
    expect(
      documented.some((line) => line.file === "README.md" && line.args.join(" ") === "discord-exporter recount --all"),
    ).toBe(true);
    for (const { file, args } of documented) {
      const result = await runInContainer(container, args, {
        env,
        volumes: [`${dataDir}:/data`],
        stdin: "a documented password\n",
      });
      expect(result.code, `${file}: ${args.join(" ")}\n${result.stderr}`).toBe(0);
    }
  }, 120_000);

  it("draws a chart with the fonts and canvas binary it ships (no system fonts in the image)", async () => {
    const out = volumeDir();
    const script = [
      "const { membersChart } = await import('/app/dist/charts/members-chart.js');",
      "const { renderChartPng } = await import('/app/dist/charts/render/index.js');",
      "const points = Array.from({ length: 30 }, (_, i) => ({ at: Date.UTC(2026, 0, 1 + i), members: 100 + i, online: 10 + i }));",
      "const png = renderChartPng(membersChart({ points }, { locale: 'ja', theme: 'dark' }));",
      "(await import('node:fs')).writeFileSync('/out/chart.png', png);",
    ].join("\n");
    const result = await runInContainer(container, ["node", "--input-type=module", "-e", script], {
      volumes: [`${out}:/out`],
    });
    expect(result.code, result.stderr).toBe(0);
    const png = fs.readFileSync(path.join(out, "chart.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 600]);
  });

  it("runs the demo profile's fake Discord (its command in docker-compose.yml), which the demo exporter counts", async () => {
    interface Service {
      command?: string[];
      environment?: Record<string, string>;
    }
    const compose = parseYaml(fs.readFileSync(path.join(ROOT, "docker-compose.yml"), "utf8"), { merge: true }) as {
      services: Record<string, Service>;
    };
    const command = [...(compose.services["fake-discord"]?.command ?? [])];
    const demoEnv = { ...compose.services["exporter-demo"]?.environment };
    const token = command[command.indexOf("--token") + 1]!;
    const guild = demoEnv.DISCORD_GUILD_ID!;
    // This machine's network is shared: a free port on loopback rather than 3210 on every interface.
    const port = await freePort();
    command[command.indexOf("--port") + 1] = String(port);
    command[command.indexOf("--host") + 1] = "127.0.0.1";
    const fakeContainer = container_();
    // Compose's command replaces the CMD and keeps the ENTRYPOINT.
    const demoFake = start(fakeContainer, [...config.entrypoint, ...command], {});
    const base = `http://127.0.0.1:${port}`;
    const answer = await waitFor("the demo's fake Discord to answer", async () => {
      const response = await fetch(`${base}/api/v10/guilds/${guild}?with_counts=true`, {
        headers: { authorization: `Bot ${token}` },
      });
      return response.status === 200 ? ((await response.json()) as { id: string }) : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\nfake output:\n${demoFake.output()}`);
    });
    expect(answer.id).toBe(guild);
    const unauthorized = await fetch(`${base}/api/v10/guilds/${guild}`);
    expect(unauthorized.status).toBe(401);

    // The demo exporter, with exporter-demo's environment, pointed at it.
    const demoPort = await freePort();
    const demoExporter = start(container_(), [...config.entrypoint, ...config.cmd], {
      env: {
        ...demoEnv,
        DISCORD_API_URL: demoEnv.DISCORD_API_URL!.replace(/^http:\/\/fake-discord:\d+/, base),
        PORT: String(demoPort),
        HOST: "127.0.0.1",
      },
      volumes: [`${volumeDir()}:/data`],
    });
    const members = await waitFor(
      "the demo exporter to count the demo guild",
      async () => {
        const samples = parseMetrics(await scrape(`http://127.0.0.1:${demoPort}`));
        const counted = sumSamples(samples, "discord_channel_messages", { guild_id: guild });
        return counted > 0 ? sumSamples(samples, "discord_guild_members", { guild_id: guild }) : undefined;
      },
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\ndemo exporter output:\n${demoExporter.output().slice(-3000)}`);
    });
    expect(members).toBeGreaterThan(0);
    expect(await demoExporter.stop()).toEqual({ code: 0, signal: null });
    expect(await demoFake.stop()).toEqual({ code: 0, signal: null });
  }, 120_000);

  it("ships no dev dependency, tsx, esbuild or TypeScript, and keeps the app within its budget", async () => {
    const unwanted = [...Object.keys(PACKAGE.devDependencies), "tsx", "esbuild", "typescript", "drizzle-kit", "@types"];
    const present = await runInContainer(container, [
      "sh",
      "-c",
      'for name in "$@"; do [ ! -e "/app/node_modules/$name" ] || echo "$name"; done',
      "sh",
      ...unwanted,
    ]);
    expect(present.code, present.stderr).toBe(0);
    expect(present.stdout.split("\n").filter(Boolean)).toEqual([]);
    const du = await runInContainer(container, [
      "sh",
      "-c",
      "du -sb /app/node_modules /app/dist /app/migrations /app/package.json; " +
        "du -sb /app/node_modules/* /app/node_modules/@*/* | sort -rn | head -8",
    ]);
    const sizes = du.stdout
      .trim()
      .split("\n")
      .map((line) => {
        const [bytes, where] = line.split("\t");
        return { bytes: Number(bytes), where: where ?? "" };
      });
    const app = sizes.slice(0, 4).reduce((sum, entry) => sum + entry.bytes, 0);
    const image = imageSizeBytes(TAG);
    const base = imageSizeBytes(baseImage());
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    process.stdout.write(
      [
        `[image] ${TAG}: ${mb(image)} (podman image inspect), of which the base ${baseImage()} ${mb(base)}, the layers on it ${mb(image - base)}`,
        ...sizes.map((entry) => `[image]   ${mb(entry.bytes).padStart(9)}  ${entry.where}`),
        `[image]   app (node_modules, dist, migrations, package.json): ${mb(app)}`,
        "",
      ].join("\n"),
    );
    expect(app).toBeLessThan(APP_BUDGET_BYTES);
  });

  it("stops on SIGTERM with exit code 0, as `docker stop` asks it to", async () => {
    expect(await exporter.stop()).toEqual({ code: 0, signal: null });
  });
});

/** The last FROM of the Dockerfile, ARG defaults expanded, as the image-check scripts name the stand-in base. */
function baseImage(): string {
  const text = fs.readFileSync(path.join(ROOT, "Dockerfile"), "utf8");
  const args = Object.fromEntries([...text.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
  const from = [...text.matchAll(/^FROM (\S+)/gm)].at(-1)?.[1] ?? "";
  const image = from.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? "");
  return image.includes("/") ? image : `docker.io/library/${image}`;
}
