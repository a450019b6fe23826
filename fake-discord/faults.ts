/**
 * Injected failures: latency, 5xx answers, forced 429s, reset connections and requests never answered.
 * Random faults draw from a PRNG seeded from the world's seed, two draws per matching request whatever
 * the settings, so the same seed and the same request order give the same faults.
 */

import { mulberry32, type Rng } from "./rng.js";

export interface FaultOptions {
  /** Probability (0..1) of answering 500, 502 or 503 with a JSON body. */
  errorRate?: number;
  /** Delay before answering, ms: the request's travel time to Discord's rate limiter. */
  latencyMs?: number;
  /**
   * A random extra delay per request, uniform in [0, latencyJitterMs): travel times differ from request to request,
   * so requests sent in one order can reach the rate limiter in another. Drawn from a sequence of its own, which
   * leaves the other faults' draws as they were.
   */
  latencyJitterMs?: number;
  /** The next N matching requests get a 429 (scope "user", Retry-After 0.05–0.2 s). */
  forced429?: number;
  /** The next N matching requests get a 5xx (deterministic, unlike errorRate). */
  forcedErrors?: number;
  /** The status forced errors answer with; default a random one of 500, 502, 503. 400 is "Invalid Form Body". */
  forcedErrorStatus?: 400 | 500 | 502 | 503;
  /** Probability of destroying the connection without an answer (the client sees ECONNRESET). */
  resetRate?: number;
  /** Probability of never answering (the client times out). */
  hangRate?: number;
  /** Only requests whose path (after /api/v10, decoded, without query) matches get faults; default all. */
  onlyPaths?: RegExp;
  /** PRNG seed for the random faults; default the world's seed. */
  seed?: number;
}

export type FaultDecision =
  | { readonly kind: "none" }
  | { readonly kind: "hang" }
  | { readonly kind: "reset" }
  | { readonly kind: "forced429"; readonly retryAfterSeconds: number }
  | { readonly kind: "error"; readonly status: 400 | 500 | 502 | 503 };

const ERROR_STATUSES = [500, 502, 503] as const;

export class FaultInjector {
  private options: FaultOptions = {};
  private rng: Rng = mulberry32(0);
  private jitterRng: Rng = mulberry32(0);
  private forced429Left = 0;
  private forcedErrorsLeft = 0;

  constructor(
    options: FaultOptions,
    private readonly defaultSeed: number,
  ) {
    this.set(options);
  }

  /** Replaces all fault settings and restarts the random sequence. */
  set(options: FaultOptions): void {
    this.options = { ...options };
    this.rng = mulberry32((options.seed ?? this.defaultSeed) ^ 0x5eed_f417);
    this.jitterRng = mulberry32((options.seed ?? this.defaultSeed) ^ 0x0d1f_7e12);
    this.forced429Left = options.forced429 ?? 0;
    this.forcedErrorsLeft = options.forcedErrors ?? 0;
  }

  applies(path: string): boolean {
    const only = this.options.onlyPaths;
    if (only === undefined) return true;
    only.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
    return only.test(path);
  }

  latencyMs(path: string): number {
    if (!this.applies(path)) return 0;
    const jitter = this.options.latencyJitterMs ?? 0;
    return (this.options.latencyMs ?? 0) + (jitter > 0 ? this.jitterRng() * jitter : 0);
  }

  decide(path: string): FaultDecision {
    if (!this.applies(path)) return { kind: "none" };
    const u = this.rng();
    const v = this.rng();
    if (this.forced429Left > 0) {
      this.forced429Left--;
      return { kind: "forced429", retryAfterSeconds: Math.round(50 + v * 150) / 1000 };
    }
    if (this.forcedErrorsLeft > 0) {
      this.forcedErrorsLeft--;
      return { kind: "error", status: this.options.forcedErrorStatus ?? ERROR_STATUSES[Math.floor(v * 3)] ?? 500 };
    }
    const hang = this.options.hangRate ?? 0;
    const reset = this.options.resetRate ?? 0;
    const error = this.options.errorRate ?? 0;
    if (u < hang) return { kind: "hang" };
    if (u < hang + reset) return { kind: "reset" };
    if (u < hang + reset + error) return { kind: "error", status: ERROR_STATUSES[Math.floor(v * 3)] ?? 500 };
    return { kind: "none" };
  }
}
