// The web page draws the same charts with chart.js in the browser: load src/charts/ (compiled file by file, as the
// build emits it into dist/charts/) as ES modules in Chromium, build every chart there from the same rows, and check
// that the configuration is the one Node builds and that chart.js draws it on an opaque background.
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartPalettes } from "../../src/charts/theme.js";
import { browserTestsRun, type LaunchedChromium, launchChromium } from "../helpers/chromium.js";
import { transpileForBrowser } from "../helpers/transpile-for-browser.js";
import {
  sampleActiveMembers,
  sampleChannelSources,
  sampleConfigs,
  sampleMembers,
  sampleMessages,
  sampleTopChannels,
  sampleVoice,
} from "./sample-data.js";

const runs = browserTestsRun("test/charts/browser.test.ts");
const CHARTS = fileURLToPath(new URL("../../src/charts/", import.meta.url));
const CHART_JS = fileURLToPath(new URL("../../node_modules/chart.js/dist/chart.umd.js", import.meta.url));
const PAGE_JS = fileURLToPath(new URL("./fixtures/browser-page.js", import.meta.url));

function compileCharts(): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of readdirSync(CHARTS).filter((f) => f.endsWith(".ts"))) {
    const code = transpileForBrowser(readFileSync(CHARTS + file, "utf8"));
    files.set(`/charts/${file.replace(/\.ts$/, ".js")}`, code);
  }
  return files;
}

let server: Server;
let chromium: LaunchedChromium | undefined;
let origin: string;

beforeAll(async () => {
  if (!runs) return;
  const files = compileCharts();
  files.set("/chart.umd.js", readFileSync(CHART_JS, "utf8"));
  files.set("/page.js", readFileSync(PAGE_JS, "utf8"));
  files.set(
    "/",
    '<!doctype html><meta charset="utf-8"><script src="/chart.umd.js"></script><script type="module" src="/page.js"></script>',
  );
  server = createServer((request, response) => {
    const body = files.get(request.url ?? "");
    if (body === undefined) return void response.writeHead(404).end();
    const type = request.url === "/" ? "text/html" : "text/javascript";
    response.writeHead(200, { "content-type": `${type}; charset=utf-8` }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  chromium = await launchChromium();
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe.skipIf(!runs)("the chart definitions in a browser", () => {
  it("build the same configurations as in Node, and chart.js draws them", async () => {
    const page = await chromium!.browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${origin}/`);
    await page.waitForFunction("window.chartsReady === true");
    const options = { locale: "ja", theme: "dark", context: "原神 日本" } as const;
    const jobs = [
      { name: "members", builder: "membersChart", data: sampleMembers(), options },
      { name: "messages", builder: "messagesChart", data: sampleMessages(), options },
      { name: "activeMembers", builder: "activeMembersChart", data: sampleActiveMembers(), options },
      { name: "topChannels", builder: "topChannelsChart", data: sampleTopChannels(), options },
      {
        name: "channelSources",
        builder: "channelSourcesChart",
        data: sampleChannelSources(),
        options: { ...options, context: "#🎮ゲーム実況" },
      },
      { name: "voice", builder: "voiceChart", data: sampleVoice(), options },
    ];
    const drawn = (await page.evaluate(`drawCharts(${JSON.stringify(jobs)})`)) as Record<
      string,
      { config: unknown; corner: number[] }
    >;
    expect(errors).toEqual([]);
    const inNode = sampleConfigs(options);
    expect(Object.keys(drawn)).toEqual(Object.keys(inNode));
    for (const [name, { config, corner }] of Object.entries(drawn)) {
      expect(config, name).toStrictEqual(inNode[name as keyof typeof inNode]);
      expect(corner, name).toEqual([0x31, 0x33, 0x38, 255]);
    }
    expect(chartPalettes.dark.background).toBe("#313338");
  });
});
