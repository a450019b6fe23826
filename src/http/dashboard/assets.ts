// The files the dashboard serves under /assets/, and nothing else: a fixed table from URL path to file, built once,
// so no spelling of a path can reach another file. The browser modules are the JavaScript that `npm run build`
// (and the tests' global setup) compiles into dist/: the chart definitions (dist/charts/*.js, without render/) and
// the page's client (dist/web/*.js); chart.js comes as its own UMD build from node_modules.
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PACKAGE_ROOT } from "../../package-root.js";
import { DASHBOARD_CSS, JAPANESE_FONT_URL } from "./dashboard-css.js";

export type Asset =
  | { kind: "file"; file: string; contentType: string }
  | { kind: "text"; body: string; contentType: string; etag: string };

export interface AssetTable {
  get(urlPath: string): Asset | undefined;
  paths(): string[];
}

export const CHART_JS_URL = "/assets/chart.umd.min.js";
export const CSS_URL = "/assets/dashboard.css";
export const CLIENT_URL = "/assets/web/dashboard.js";
/** Browsers ask for /favicon.ico (a 404, logged as a console error) unless the page names an icon. */
export const ICON_URL = "/assets/favicon.svg";
const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#5865f2"/><path d="M3 13V8h2v5zm4 0V3h2v10zm4 0V6h2v7z" fill="#fff"/></svg>\n`;

const JAVASCRIPT = "text/javascript; charset=utf-8";

export interface AssetSources {
  /** The compiled JavaScript: dist/ of the repository (or of the image). */
  distDir: string;
  chartJsFile: string;
  japaneseFontFile: string;
}

/** Where the files are when the exporter runs from the repository or the image. */
export function defaultAssetSources(): AssetSources {
  const require = createRequire(import.meta.url);
  return {
    distDir: path.join(PACKAGE_ROOT, "dist"),
    chartJsFile: path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js"),
    japaneseFontFile: require.resolve("@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf"),
  };
}

/** The JavaScript files directly in a folder (not its subfolders: dist/charts/render/ is Node-only). */
function modulesIn(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}

export function createAssetTable(sources: AssetSources): AssetTable {
  const table = new Map<string, Asset>();
  for (const folder of ["charts", "web"]) {
    for (const name of modulesIn(path.join(sources.distDir, folder))) {
      table.set(`/assets/${folder}/${name}`, {
        kind: "file",
        file: path.join(sources.distDir, folder, name),
        contentType: JAVASCRIPT,
      });
    }
  }
  table.set(CHART_JS_URL, { kind: "file", file: sources.chartJsFile, contentType: JAVASCRIPT });
  table.set(JAPANESE_FONT_URL, { kind: "file", file: sources.japaneseFontFile, contentType: "font/ttf" });
  table.set(CSS_URL, textAsset(DASHBOARD_CSS, "text/css; charset=utf-8"));
  table.set(ICON_URL, textAsset(ICON_SVG, "image/svg+xml"));
  return { get: (urlPath) => table.get(urlPath), paths: () => [...table.keys()].sort() };
}

function textAsset(body: string, contentType: string): Asset {
  return {
    kind: "text",
    body,
    contentType,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 16)}"`,
  };
}

/** A weak validator from the file's size and time: a rebuilt dist/ changes it, and nothing needs hashing. */
export function fileEtag(stats: fs.Stats): string {
  return `W/"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`;
}
