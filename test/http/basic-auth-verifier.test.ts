// createCredentialChecker with a fake bcrypt that counts calls: the cache, the decoy for unknown users, expiry,
// the separate bounds for accepted and rejected verdicts, and one bcrypt for identical checks in flight.
import { describe, expect, it } from "vitest";
import { bcryptCost } from "../../src/http/basic-auth-hash.js";
import { type CredentialCheckerOptions, createCredentialChecker } from "../../src/http/basic-auth-verifier.js";

// Well-formed hashes (the verifier reads their cost); the fake below decides which password matches which.
const ALICE_HASH = `$2b$10$${"a".repeat(53)}`;
const BOB_HASH = `$2b$12$${"b".repeat(53)}`;
const PASSWORDS = new Map([
  [ALICE_HASH, "alice-pw"],
  [BOB_HASH, "bob-pw"],
]);

function setup(overrides: Partial<CredentialCheckerOptions> = {}) {
  const calls: { password: string; hash: string }[] = [];
  let now = 1_000_000;
  const check = createCredentialChecker({
    users: new Map([
      ["alice", ALICE_HASH],
      ["bob", BOB_HASH],
    ]),
    checkPassword: async (password, hash) => {
      calls.push({ password, hash });
      return PASSWORDS.get(hash) === password;
    },
    now: () => now,
    cacheSecret: new Uint8Array(32).fill(1),
    accepted: { maxEntries: 4, ttlMs: 60_000 },
    rejected: { maxEntries: 4, ttlMs: 60_000 },
    ...overrides,
  });
  return {
    check,
    calls,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("createCredentialChecker", () => {
  it("accepts the right password once through bcrypt, then from the cache", async () => {
    const { check, calls } = setup();
    expect(await check("alice", "alice-pw")).toBe(true);
    expect(await check("alice", "alice-pw")).toBe(true);
    expect(await check("alice", "alice-pw")).toBe(true);
    expect(calls).toEqual([{ password: "alice-pw", hash: ALICE_HASH }]);
  });

  it("refuses a wrong password, and remembers that too", async () => {
    const { check, calls } = setup();
    expect(await check("alice", "bob-pw")).toBe(false);
    expect(await check("alice", "bob-pw")).toBe(false);
    expect(await check("alice", "")).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it("checks an unknown user against a decoy of the highest configured cost: one bcrypt, like a known user", async () => {
    const { check, calls } = setup();
    expect(await check("mallory", "alice-pw")).toBe(false);
    expect(calls).toHaveLength(1);
    const decoy = calls[0]?.hash ?? "";
    expect(bcryptCost(decoy)).toBe(12);
    expect(decoy).not.toBe(ALICE_HASH);
    expect(decoy).not.toBe(BOB_HASH);
    expect(await check("mallory", "alice-pw")).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it("refuses an unknown user even if the checker says the password matched", async () => {
    const { check } = setup({ checkPassword: async () => true });
    expect(await check("mallory", "anything")).toBe(false);
    expect(await check("alice", "anything")).toBe(true);
  });

  it("pays bcrypt again once a verdict has expired", async () => {
    const { check, calls, advance } = setup();
    await check("alice", "alice-pw");
    advance(59_999);
    await check("alice", "alice-pw");
    expect(calls).toHaveLength(1);
    advance(1);
    expect(await check("alice", "alice-pw")).toBe(true);
    expect(calls).toHaveLength(2);
  });

  it("bounds the rejected verdicts apart: a flood of wrong guesses never evicts the scraper's entry", async () => {
    const { check, calls } = setup();
    await check("alice", "alice-pw");
    for (let i = 0; i < 100; i++) expect(await check("alice", `guess-${i}`)).toBe(false);
    expect(calls).toHaveLength(101);
    expect(await check("alice", "alice-pw")).toBe(true);
    expect(calls).toHaveLength(101);
    // Only the last 4 guesses are still remembered.
    await check("alice", "guess-99");
    expect(calls).toHaveLength(101);
    await check("alice", "guess-0");
    expect(calls).toHaveLength(102);
  });

  it("keeps at most maxEntries accepted verdicts", async () => {
    const users = new Map(Array.from({ length: 6 }, (_, i) => [`user${i}`, ALICE_HASH] as const));
    const { check, calls } = setup({ users });
    for (let i = 0; i < 6; i++) expect(await check(`user${i}`, "alice-pw")).toBe(true);
    expect(calls).toHaveLength(6);
    await check("user5", "alice-pw");
    expect(calls).toHaveLength(6);
    await check("user0", "alice-pw"); // evicted by user4 and user5
    expect(calls).toHaveLength(7);
  });

  it("tells (user, password) pairs apart even when their concatenations agree", async () => {
    const { check } = setup({
      users: new Map([["ab", ALICE_HASH]]),
      checkPassword: async (password, hash) => hash === ALICE_HASH && password === "c",
    });
    expect(await check("ab", "c")).toBe(true);
    expect(await check("a", "bc")).toBe(false);
    expect(await check("abc", "")).toBe(false);
  });

  it("runs one bcrypt for identical checks in flight", async () => {
    let release: (ok: boolean) => void = () => {};
    let started = 0;
    const { check } = setup({
      checkPassword: () => {
        started++;
        return new Promise<boolean>((resolve) => {
          release = resolve;
        });
      },
    });
    const pending = [check("alice", "alice-pw"), check("alice", "alice-pw"), check("alice", "alice-pw")];
    await Promise.resolve();
    expect(started).toBe(1);
    release(true);
    expect(await Promise.all(pending)).toEqual([true, true, true]);
  });

  it("refuses, and remembers nothing, when the checker fails", async () => {
    let fail = true;
    const { check } = setup({
      checkPassword: async (password) => {
        if (fail) throw new Error("boom");
        return password === "alice-pw";
      },
    });
    expect(await check("alice", "alice-pw")).toBe(false);
    fail = false;
    expect(await check("alice", "alice-pw")).toBe(true);
  });

  it("wants a cache secret of at least 32 bytes", () => {
    expect(() => setup({ cacheSecret: new Uint8Array(16) })).toThrow(/cacheSecret must be at least 32 bytes/);
  });
});
