/**
 * Debian's chromium, driven by puppeteer-core (no browser download). .ci/run installs it; elsewhere the browser
 * tests skip with a message when it is missing, but under CI=true they fail instead.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import puppeteer, { type Browser } from "puppeteer-core";
import { isCI } from "./ci.js";

export const CHROMIUM = "/usr/bin/chromium";
export const hasChromium = fs.existsSync(CHROMIUM);
export const inCi = isCI();

/** Whether a browser test file runs here; warns once per file when it is skipped. */
export function browserTestsRun(file: string): boolean {
  if (!hasChromium && !inCi) {
    console.warn(`${file}: SKIPPED, ${CHROMIUM} is not installed (apt-get install -y chromium); CI fails instead`);
  }
  return hasChromium || inCi;
}

// Flags that work on this machine: headless without a sandbox (containers), no GPU, and none of the background
// traffic a fresh profile would start (updates, sync, QUIC probes).
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface LaunchedChromium {
  browser: Browser;
  /** Closes the browser this launch started (puppeteer ends its process) and removes its profile. */
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedChromium> {
  if (!hasChromium) throw new Error(`${CHROMIUM} is missing: CI must install Debian's chromium package`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "discord-exporter-chromium-"));
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, args: [...FLAGS, `--user-data-dir=${profile}`] });
  return {
    browser,
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
