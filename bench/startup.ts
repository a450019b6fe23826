/**
 * npx tsx bench/startup.ts ["NODE ARGS… dist/cli/main.js serve"]
 *
 * How long an exporter takes from its spawn to its first messages request against the fake Discord (a one-channel
 * guild), the CPU it spent by then (all its threads, from /proc) and its peak resident memory (VmHWM). Five runs;
 * build first (`npm run build`). Default launch: package.json's `start` flags. Measures, never asserts.
 */
import fs from "node:fs";
import { startFakeDiscord } from "../fake-discord/server.js";
import { startNodeArgs } from "../scripts/start-command.js";
import { World } from "../fake-discord/world.js";
import { TEST_TOKEN } from "../test/helpers/exporter-harness.js";
import { spawnExporter } from "../test/helpers/exporter-process.js";
import { freePort } from "../test/helpers/free-port.js";
import { makeTempDir } from "../test/helpers/temp-store.js";

const CLOCK_TICKS_PER_SECOND = 100;
const launch = process.argv[2] ?? startNodeArgs(process.cwd())?.join(" ") ?? "dist/cli/main.js serve";

const world = new World({ seed: 1 });
const guild = world.addGuild({ name: "Startup", memberCount: 5, presenceCount: 1 });
const channel = world.addChannel(guild.id, { name: "general", type: 0 });
world.addMessages(channel.id, 100, { fromMs: Date.now() - 1e9, toMs: Date.now() - 1000, botRatio: 0 });
let onFirstPage: (() => void) | null = null;
const fake = await startFakeDiscord(world, {
  token: TEST_TOKEN,
  onRequest: (entry) => {
    if (entry.route === "/channels/:id/messages") onFirstPage?.();
  },
});

console.log(`launch: node ${launch}`);
for (let run = 0; run < 5; run++) {
  const dir = makeTempDir();
  const started = performance.now();
  const reached = new Promise<void>((resolve) => {
    onFirstPage = resolve;
  });
  const env = {
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_GUILD_ID: guild.id,
    DISCORD_API_URL: fake.url,
    DATABASE_PATH: `${dir}/exporter.db`,
  };
  const proc = spawnExporter(env, await freePort(), launch);
  await reached;
  onFirstPage = null;
  const ms = performance.now() - started;
  const stat = fs.readFileSync(`/proc/${proc.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const cpuSeconds = (Number(stat[11]) + Number(stat[12])) / CLOCK_TICKS_PER_SECOND;
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${proc.child.pid}/status`, "utf8"))?.[1]);
  console.log(
    `run ${run + 1}: first page request after ${ms.toFixed(0)} ms, CPU ${cpuSeconds.toFixed(2)} s, VmHWM ${(hwmKb / 1024).toFixed(0)} MiB`,
  );
  proc.child.kill("SIGKILL");
  await proc.exited;
  fs.rmSync(dir, { recursive: true, force: true });
}
await fake.close();
