import http from "node:http";
/** Just enough of the Prometheus text format to read a few samples back from /metrics. */

export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  let sum: number | undefined;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== "{" && rest[0] !== " ") continue;
    if (!Object.entries(labels).every(([key, value]) => rest.includes(`${key}="${value}"`))) continue;
    const value = Number(line.slice(line.lastIndexOf(" ") + 1));
    sum = (sum ?? 0) + value;
  }
  return sum;
}

export function countSeries(text: string, name: string): number {
  let n = 0;
  for (const line of text.split("\n")) if (line.startsWith(`${name}{`)) n++;
  return n;
}

export async function fetchMetrics(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return response.text();
}

/** GET without any decoding (fetch would gunzip): the bytes as the server sent them. */
export function getRaw(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}
