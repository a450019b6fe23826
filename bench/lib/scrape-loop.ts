/**
 * /metrics scraped over and over from one keep-alive connection, as one Prometheus would but as often as asked:
 * back to back (intervalMs 0) to time scrapes while something else goes on, or every 50 ms to watch values change.
 * A failed scrape is counted, never thrown: the loop runs in the background of a scenario.
 */
import http from "node:http";
import { sleep } from "./format.js";

export interface ScrapeSample {
  /** performance.now() when the request was sent and when its body had arrived. */
  sentAt: number;
  receivedAt: number;
  ms: number;
}

export interface ScrapeLoopOptions {
  /** Pause between the end of one scrape and the start of the next. */
  intervalMs: number;
  /** Ask for gzip, as Prometheus does (the body is then not decoded, and onBody is not called). */
  gzip: boolean;
  /** Called with each plain-text body and its sample. */
  onBody?: (text: string, sample: ScrapeSample) => void;
}

export interface ScrapeLoop {
  /** Ends the loop after the scrape in flight; resolves with every successful scrape's sample. */
  stop(): Promise<ScrapeSample[]>;
  /** Samples so far (the array keeps growing while the loop runs). */
  samples(): readonly ScrapeSample[];
  failures(): number;
}

function scrapeOnce(url: URL, agent: http.Agent, gzip: boolean): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: gzip ? { "accept-encoding": "gzip" } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.setTimeout(10_000, () => request.destroy(new Error("scrape timed out after 10 s")));
    request.on("error", reject);
  });
}

export function startScrapeLoop(baseUrl: string, options: ScrapeLoopOptions): ScrapeLoop {
  const url = new URL("/metrics", baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const samples: ScrapeSample[] = [];
  let failures = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const sentAt = performance.now();
      try {
        const { status, body } = await scrapeOnce(url, agent, options.gzip);
        const receivedAt = performance.now();
        if (status !== 200) {
          failures++;
        } else {
          const sample = { sentAt, receivedAt, ms: receivedAt - sentAt };
          samples.push(sample);
          if (!options.gzip) options.onBody?.(body.toString("utf8"), sample);
        }
      } catch {
        failures++;
        await sleep(100);
      }
      if (options.intervalMs > 0) await sleep(options.intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      agent.destroy();
      return samples;
    },
    samples: () => samples,
    failures: () => failures,
  };
}
