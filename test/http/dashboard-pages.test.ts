// The dashboard's pages and files through app.request() (no socket): headers (CSP on every HTML answer), escaping,
// language, range, hidden names, the channel page, and the whitelist of served files.
import { afterAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../src/http/dashboard/page-shell.js";
import {
  CHANNELS,
  createDashboardTestApp,
  type DashboardTestApp,
  GUILD,
  GUILD_NAME,
  TODAY,
  VOICE_CHANNELS,
} from "./dashboard-app.js";

const t = createDashboardTestApp();
afterAll(() => t.cleanup());

async function page(path: string, headers: Record<string, string> = {}) {
  const response = await t.app.request(path, { headers });
  return { status: response.status, headers: response.headers, html: await response.text() };
}

function expectPageHeaders(headers: Headers) {
  expect(headers.get("content-type")).toBe("text/html; charset=UTF-8");
  expect(headers.get("content-security-policy")).toBe("default-src 'self'");
  expect(headers.get("cache-control")).toBe("no-store");
  expect(headers.get("vary")).toBe("Accept-Language");
}

/** Nothing the policy would block: no inline script or style, no handler attributes, no other origin. */
function expectNoInlineCode(html: string) {
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(html).not.toMatch(/<style/);
  expect(html).not.toMatch(/\sstyle=/);
  expect(html).not.toMatch(/\son[a-z]+=/);
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
}

describe("/", () => {
  it("answers HTML with the Content-Security-Policy and no inline code", async () => {
    expect(CONTENT_SECURITY_POLICY).toBe("default-src 'self'");
    const { status, headers, html } = await page("/");
    expect(status).toBe(200);
    expectPageHeaders(headers);
    expectNoInlineCode(html);
    expect(html).toContain('<script src="/assets/chart.umd.min.js" defer></script>');
    expect(html).toContain('<script type="module" src="/assets/web/dashboard.js"></script>');
    expect(html).toContain('href="/metrics"');
  });

  it("escapes guild and channel names", async () => {
    const { html } = await page("/");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<b>general</b>");
    expect(html).toContain("&lt;script&gt;alert(&quot;g&quot;)&lt;/script&gt; &amp; 原神");
    expect(html).toContain("雑談 &quot;&lt;b&gt;general&lt;/b&gt;&quot; &amp; co");
    expect(GUILD_NAME).toContain("<script>");
  });

  it("keeps the status page's information: status, members, channels with states and backfill", async () => {
    const { html } = await page("/?lang=en");
    expect(html).toContain("Members: 120 (online: 12)");
    expect(html).toContain("Last successful sync: 2024-06-30 12:00 UTC");
    const rows = [...html.matchAll(/<tr data-state="(\w+)" data-channel-id="(\d+)">/g)].map((m) => [m[2], m[1]]);
    // Excluded channels and threads have no row; channels by messages, most first.
    expect(rows).toEqual([
      [CHANNELS.general.id, "ready"],
      [CHANNELS.forum.id, "ready"],
    ]);
    expect(html).toContain(`href="/channels/${CHANNELS.general.id}?range=30d&amp;lang=en"`);
    expect(html).toMatch(/<td class="n">15<\/td><td class="n">3<\/td><td class="n">100%<\/td>/);
  });

  it.each([
    [{}, "en"],
    [{ "Accept-Language": "ja" }, "ja"],
    [{ "Accept-Language": "ja-JP,ja;q=0.9,en;q=0.8" }, "ja"],
    [{ "Accept-Language": "en-US,en;q=0.9,ja;q=0.8" }, "en"],
    [{ "Accept-Language": "fr-FR, de;q=0.9, ja;q=0.5" }, "ja"],
    [{ "Accept-Language": "ja;q=0, en" }, "en"],
  ])("picks the language from Accept-Language %j: %s", async (headers, lang) => {
    const { html } = await page("/", headers);
    expect(html).toContain(`<html lang="${lang}">`);
    expect(html).toContain(lang === "ja" ? "<title>Discord 統計</title>" : "<title>Discord statistics</title>");
  });

  it("?lang= wins over Accept-Language, and the links keep it", async () => {
    const { html } = await page("/?lang=en&range=7d", { "Accept-Language": "ja" });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('href="/?range=90d&amp;lang=en"');
    expect(html).toContain('href="/?range=7d&amp;lang=ja" hreflang="ja" lang="ja">日本語</a>');
    const chosenByHeader = await page("/?range=7d", { "Accept-Language": "ja" });
    expect(chosenByHeader.html).toContain('href="/?range=90d"');
  });

  it("draws the range from ?range=, 30 days unless told, and all of the history for all", async () => {
    const apis = (html: string) => [...html.matchAll(/data-api="([^"]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
    const seven = await page("/?range=7d");
    expect(apis(seven.html)).toEqual([
      `/api/v1/guilds/${GUILD}/members?from=2024-06-24&to=${TODAY}&max_points=1000`,
      `/api/v1/guilds/${GUILD}/messages/daily?from=2024-06-24&to=${TODAY}`,
      `/api/v1/guilds/${GUILD}/active-members/daily?from=2024-06-24&to=${TODAY}`,
      `/api/v1/guilds/${GUILD}/channels/top?from=2024-06-24&to=${TODAY}&limit=10`,
    ]);
    expect(seven.html).toContain('data-range="7d" aria-current="page"');
    for (const [range, from] of [
      ["", "2024-06-01"],
      ["?range=bogus", "2024-06-01"],
      ["?range=90d", "2024-04-02"],
      ["?range=1y", "2023-07-02"],
      ["?range=all", "2024-05-01"],
    ]) {
      const { html } = await page(`/${range}`);
      expect(apis(html)[1], range).toBe(`/api/v1/guilds/${GUILD}/messages/daily?from=${from}&to=${TODAY}`);
    }
  });

  it("shows the first count's progress and estimated time to finish, in the page's language", async () => {
    t.firstCount.set(GUILD, { backfilling: 3, coverage: 0.4567, etaSeconds: 7800 });
    const en = await page("/?lang=en");
    expect(en.html).toContain("Channels still counting: 3. 45.6% of the channels&#39; history counted.");
    expect(en.html).toContain("Estimated time to finish: about 2 h 10 min");
    const ja = await page("/?lang=ja");
    expect(ja.html).toContain("残り時間の目安: 約2時間10分");
    t.firstCount.set(GUILD, { backfilling: 3, coverage: 0.1, etaSeconds: null });
    expect((await page("/?lang=en")).html).toContain("Measuring the pace…");
    t.firstCount.set(GUILD, { backfilling: 0, coverage: 1, etaSeconds: 0 });
    expect((await page("/?lang=en")).html).toContain("Every channel is counted back to its first message.");
    t.firstCount.clear();
  });
});

describe("/channels/{id}", () => {
  it("shows the channel's state, backfill, share in threads and its two charts", async () => {
    const { status, headers, html } = await page(`/channels/${CHANNELS.general.id}?range=all&lang=en`);
    expect(status).toBe(200);
    expectPageHeaders(headers);
    expectNoInlineCode(html);
    expect(html).toContain('State: <span class="state-ready">counted</span>');
    // 3 of the 18 messages since 2024-05-01 were in its thread.
    expect(html).toContain('data-thread-share="16.7"');
    expect(html).toContain("16.7% of this range&#39;s messages were posted in threads or forum posts.");
    expect(html).toContain(
      `data-api="/api/v1/guilds/${GUILD}/channels/${CHANNELS.general.id}/sources/daily?from=2024-05-01&amp;to=${TODAY}"`,
    );
    expect(html).toContain(
      `data-api="/api/v1/guilds/${GUILD}/messages/daily?from=2024-05-01&amp;to=${TODAY}&amp;channel=${CHANNELS.general.id}"`,
    );
  });

  it.each([
    ["a thread", CHANNELS.thread.id],
    ["an excluded channel", CHANNELS.secret.id],
    ["a category", CHANNELS.category.id],
    ["an unknown id", "42"],
    ["markup", "%3Cscript%3E"],
  ])("answers 404 with a page for %s", async (_, id) => {
    const { status, headers, html } = await page(`/channels/${id}`);
    expect(status).toBe(404);
    expectPageHeaders(headers);
    expect(html).toContain("No such channel.");
    expect(html).not.toContain("<script>");
  });
});

describe("the voice panel", () => {
  const voiceApi = (query: string) =>
    `data-api="/api/v1/guilds/${GUILD}/voice/daily?${query.replaceAll("&", "&amp;")}"`;
  const recording = createDashboardTestApp({ voice: true, voiceActivity: true });
  const empty = createDashboardTestApp({ voiceActivity: true });
  const stopped = createDashboardTestApp({ voice: true, voiceActivity: false });
  afterAll(() => {
    recording.cleanup();
    empty.cleanup();
    stopped.cleanup();
  });
  const html = async (app: DashboardTestApp, path: string) => (await app.app.request(path)).text();

  it("draws the voice chart from the first recorded day on: the days before are unknown, not zero", async () => {
    const en = await html(recording, "/?lang=en");
    expectNoInlineCode(en);
    expect(en).toContain(
      `<canvas data-chart="voice" ${voiceApi(`from=2024-06-28&to=${TODAY}`)} data-from="2024-06-28"`,
    );
    expect(en).toContain('<p class="chart-note">Recorded since 2024-06-28 (unknown before).</p>');
    expect(en).toContain("<h3>Voice channels</h3>");
    expect(en).not.toContain("data-voice-note");
    const ja = await html(recording, "/?lang=ja");
    expect(ja).toContain("<h3>ボイスチャンネル</h3>");
    expect(ja).toContain("2024-06-28 から記録しています（それより前は不明）。");
  });

  it("a range that starts after the first recorded day is drawn whole, without the note", async () => {
    expect(await html(recording, "/?lang=en&range=7d")).toContain(voiceApi(`from=2024-06-28&to=${TODAY}`));
    const earlier = recording.store.sqlite.prepare(
      "INSERT INTO voice_daily (channel_id, day, human_ms, bot_ms) VALUES (?, '2024-06-01', 1000, 0)",
    );
    earlier.run(VOICE_CHANNELS.stage.id);
    try {
      const week = await html(recording, "/?lang=en&range=7d");
      expect(week).toContain(voiceApi(`from=2024-06-24&to=${TODAY}`));
      expect(week).not.toContain("chart-note");
    } finally {
      recording.store.sqlite.prepare("DELETE FROM voice_daily WHERE day = '2024-06-01'").run();
    }
  });

  it("without voice records: a note instead of an empty chart, saying whether VOICE_ACTIVITY is on", async () => {
    const off = await html(t, "/?lang=en");
    expect(off).toContain('<figure class="voice-note" data-voice-note="off">');
    expect(off).toContain("Voice activity is not recorded (VOICE_ACTIVITY=true starts recording it).");
    expect(off).not.toContain('data-chart="voice"');
    const none = await html(empty, "/?lang=ja");
    expect(none).toContain('data-voice-note="none"');
    expect(none).toContain("ボイスチャンネルの利用はまだ記録されていません。");
    expect(none).not.toContain('data-chart="voice"');
  });

  it("with VOICE_ACTIVITY off after recording: the history, and a note that nothing new is recorded", async () => {
    const en = await html(stopped, "/?lang=en");
    expect(en).toContain('data-chart="voice"');
    expect(en).toContain(
      '<p class="chart-note">Recorded since 2024-06-28 (unknown before). VOICE_ACTIVITY is off: no new voice time is recorded.</p>',
    );
  });

  it("/channels/{id} of a voice or stage channel adds its voice chart; a text channel has none", async () => {
    for (const channel of [VOICE_CHANNELS.lounge, VOICE_CHANNELS.stage]) {
      const page = await html(recording, `/channels/${channel.id}?lang=en`);
      expect(page).toContain(
        `<canvas data-chart="voice" ${voiceApi(`from=2024-06-28&to=${TODAY}&channel=${channel.id}`)}`,
      );
    }
    expect(await html(recording, `/channels/${CHANNELS.general.id}`)).not.toMatch(/data-chart="voice"|voice-note/);
    expect(await html(empty, `/channels/${CHANNELS.general.id}`)).not.toMatch(/data-chart="voice"|voice-note/);
  });
});

describe("EXPORT_CHANNEL_NAMES=false", () => {
  const hidden = createDashboardTestApp({ exportChannelNames: false });
  afterAll(() => hidden.cleanup());

  it("shows no channel name on either page", async () => {
    for (const path of ["/?range=all", `/channels/${CHANNELS.general.id}`]) {
      const html = await (await hidden.app.request(path)).text();
      for (const channel of Object.values(CHANNELS)) expect(html, path).not.toContain(channel.name.slice(0, 4));
      expect(html).toContain(CHANNELS.general.id);
    }
  });

  it("shows no voice channel name either", async () => {
    const voice = createDashboardTestApp({ exportChannelNames: false, voice: true, voiceActivity: true });
    try {
      const html = await (await voice.app.request(`/channels/${VOICE_CHANNELS.lounge.id}`)).text();
      expect(html).toContain('data-chart="voice"');
      expect(html).toContain(`data-context="${VOICE_CHANNELS.lounge.id}"`);
      expect(html).not.toContain("ラウンジ");
    } finally {
      voice.cleanup();
    }
  });
});

describe("/assets/", () => {
  const expected: [string, string][] = [
    ["/assets/chart.umd.min.js", "text/javascript; charset=utf-8"],
    ["/assets/charts/index.js", "text/javascript; charset=utf-8"],
    ["/assets/charts/messages-chart.js", "text/javascript; charset=utf-8"],
    ["/assets/web/dashboard.js", "text/javascript; charset=utf-8"],
    ["/assets/dashboard.css", "text/css; charset=utf-8"],
    ["/assets/favicon.svg", "image/svg+xml"],
    ["/assets/fonts/noto-sans-jp-400.ttf", "font/ttf"],
  ];

  it.each(expected)("serves %s as %s, revalidated by ETag", async (path, type) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(type);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
    const etag = response.headers.get("etag")!;
    const again = await t.app.request(path, { headers: { "If-None-Match": etag } });
    expect(again.status).toBe(304);
  });

  it.each([
    "/assets/../package.json",
    "/assets/%2e%2e/package.json",
    "/assets/charts/../../package.json",
    "/assets/charts/%2e%2e%2f%2e%2e%2fpackage.json",
    "/assets/charts/render/index.js",
    "/assets/charts/render/chart-worker.js",
    "/assets/charts/index.js.map",
    "/assets/charts/index.ts",
    "/assets/web/dashboard.ts",
    "/assets/http/app.js",
    "/assets/cli/main.js",
    "/assets/",
    "/assets/chart.umd.js",
  ])("answers 404 to %s", async (path) => {
    const response = await t.app.request(path);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toMatch(/"name"|import /);
  });

  it("serves every module the client imports, and nothing Node-only", async () => {
    const seen = new Set<string>();
    const queue = ["/assets/web/dashboard.js"];
    while (queue.length > 0) {
      const url = queue.pop()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const response = await t.app.request(url);
      expect(response.status, url).toBe(200);
      const code = await response.text();
      expect(code, url).not.toMatch(/from\s+["']node:|from\s+["'][^./]/);
      for (const match of code.matchAll(/(?:import|export)[^"';]*?from\s*["'](\.[^"']+)["']/g)) {
        queue.push(new URL(match[1]!, `http://x${url}`).pathname);
      }
    }
    expect(seen.has("/assets/charts/messages-chart.js")).toBe(true);
    expect(seen.has("/assets/web/page-messages.js")).toBe(true);
    expect([...seen].some((url) => url.includes("/render/"))).toBe(false);
  });
});
