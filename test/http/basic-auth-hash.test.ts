// bcrypt helpers: recognising hashes (including htpasswd's $2y$), the decoy hash, and hashPassword for the CLI.
import { describe, expect, it } from "vitest";
import {
  bcryptCost,
  checkBcryptPassword,
  hashPassword,
  MAX_PASSWORD_BYTES,
  unmatchableHash,
} from "../../src/http/basic-auth-hash.js";

// "fakepassword", hashed by Go's bcrypt with htpasswd's $2y$ prefix (exporter-toolkit's web/handler.go).
const GO_HASH = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi";
const fixedBytes = (n: number) => new Uint8Array(n).fill(7);

describe("bcryptCost", () => {
  it.each([
    [GO_HASH, 10],
    [GO_HASH.replace("$2y$", "$2b$"), 10],
    [GO_HASH.replace("$2y$10$", "$2a$04$"), 4],
    [GO_HASH.replace("$2y$10$", "$2b$31$"), 31],
  ])("%s has cost %i", (hash, cost) => {
    expect(bcryptCost(hash)).toBe(cost);
  });

  it.each([
    ["a plain password", "hunter2"],
    ["an empty string", ""],
    ["a cost below 4", GO_HASH.replace("$10$", "$03$")],
    ["a cost above 31", GO_HASH.replace("$10$", "$32$")],
    ["$2x$, which bcryptjs cannot check", GO_HASH.replace("$2y$", "$2x$")],
    ["a truncated hash", GO_HASH.slice(0, -1)],
    ["a character outside bcrypt's alphabet", `${GO_HASH.slice(0, -1)}+`],
    ["trailing whitespace", `${GO_HASH}\n`],
    ["an MD5 htpasswd hash", "$apr1$abcdefgh$0123456789abcdefghijkl"],
  ])("rejects %s", (_name, hash) => {
    expect(bcryptCost(hash)).toBeNull();
  });
});

describe("checkBcryptPassword", () => {
  it("accepts the right password for Go's $2y$ hash, and nothing else", async () => {
    expect(await checkBcryptPassword("fakepassword", GO_HASH)).toBe(true);
    expect(await checkBcryptPassword("fakepassword ", GO_HASH)).toBe(false);
    expect(await checkBcryptPassword("", GO_HASH)).toBe(false);
  });

  it("answers false, not an exception, for a malformed hash", async () => {
    expect(await checkBcryptPassword("x", "not a hash")).toBe(false);
  });
});

describe("unmatchableHash", () => {
  it("is a well-formed hash of the cost asked for, which no password matches", async () => {
    for (const cost of [4, 10, 12]) expect(bcryptCost(unmatchableHash(cost))).toBe(cost);
    const decoy = unmatchableHash(4);
    for (const password of ["", "x", "fakepassword", "Unmatchable.salt.value"]) {
      expect(await checkBcryptPassword(password, decoy)).toBe(false);
    }
  });
});

describe("hashPassword", () => {
  it("makes a $2b$ hash that checks out and that the web config accepts", async () => {
    const result = await hashPassword("s3cret pass", { cost: 4, randomBytes: fixedBytes });
    // The same as libxcrypt's crypt(3) gives for this password and salt (Python: crypt.crypt(password, salt)).
    expect(result).toEqual({ ok: true, hash: "$2b$04$/uaF/uaF/uaF/uaF/uaF/uM9Sq7hI7Y4L73WZRZ4c5jWAWY9XsxoO" });
    if (!result.ok) return;
    expect(bcryptCost(result.hash)).toBe(4);
    expect(await checkBcryptPassword("s3cret pass", result.hash)).toBe(true);
    expect(await checkBcryptPassword("s3cret pas", result.hash)).toBe(false);
  });

  it("uses cost 10 by default, and a fresh salt from randomBytes each time", async () => {
    let calls = 0;
    const counting = (n: number) => new Uint8Array(n).fill(++calls);
    const first = await hashPassword("pw", { randomBytes: counting });
    const second = await hashPassword("pw", { randomBytes: counting });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(bcryptCost(first.hash)).toBe(10);
    expect(first.hash).not.toBe(second.hash);
    expect(calls).toBe(2);
  });

  it.each([
    ["an empty password", "", 10, "the password is empty"],
    ["a cost of 3", "pw", 3, "bcrypt cost must be an integer from 4 to 31"],
    ["a cost of 32", "pw", 32, "bcrypt cost must be an integer from 4 to 31"],
    ["a fractional cost", "pw", 10.5, "bcrypt cost must be an integer from 4 to 31"],
    [
      "a password over 72 bytes (bcrypt would ignore the rest)",
      "é".repeat(37),
      10,
      "the password is 74 bytes long; bcrypt ignores everything after 72 bytes, so use a shorter one",
    ],
  ])("refuses %s", async (_name, password, cost, error) => {
    expect(await hashPassword(password, { cost, randomBytes: fixedBytes })).toEqual({ ok: false, error });
  });

  it("accepts a password of exactly 72 bytes", async () => {
    const result = await hashPassword("a".repeat(MAX_PASSWORD_BYTES), { cost: 4, randomBytes: fixedBytes });
    expect(result.ok).toBe(true);
  });
});
