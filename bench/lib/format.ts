export function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

export function fixed(n: number, digits = 1): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function seconds(ms: number): string {
  return `${fixed(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
}

export function mib(bytes: number): string {
  return `${fixed(bytes / 1024 / 1024, 1)} MiB`;
}

export function kib(bytes: number): string {
  return `${fixed(bytes / 1024, 1)} KiB`;
}

export function ms(value: number): string {
  return `${fixed(value, value < 10 ? 2 : 1)} ms`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what}`);
    await sleep(options.intervalMs ?? 100);
  }
}
