import crypto from "node:crypto";
import type { Config, ConfigSources } from "../config/index.js";
import { loadConfigWithSources } from "../config/load-config.js";
import type { WebSecurity } from "../http/web-security.js";
import type { CliIo } from "./io.js";

export type ServeSettings =
  | { ok: true; config: Config; sources: ConfigSources; web: WebSecurity | null }
  | { ok: false; errors: string[] };

/**
 * Everything `serve` checks before it touches the database or Discord: the settings (environment and YAML file) and
 * the web configuration file they name. check-config runs exactly this, so it says what serve would.
 */
export async function loadServeSettings(io: CliIo): Promise<ServeSettings> {
  const loaded = await loadConfigWithSources({ env: io.env, cwd: io.cwd, readFile: io.readFile });
  if (!loaded.ok) return loaded;
  const { config, sources } = loaded;
  if (config.webConfigFile === null) return { ok: true, config, sources, web: null };
  // Loaded only for a web config file: its YAML reader, bcrypt and TLS code cost resident memory nobody else needs.
  const { loadWebSecurity } = await import("../http/web-security.js");
  const web = await loadWebSecurity(config.webConfigFile, {
    readFile: io.readFile,
    now: io.now,
    randomBytes: crypto.randomBytes,
  });
  return web.ok ? { ok: true, config, sources, web: web.value } : { ok: false, errors: web.errors };
}
