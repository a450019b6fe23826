import { describe, expect, it } from "vitest";
import { createAdaptiveOffset } from "../../src/discord/rate-limit-offset.js";

describe("the adaptive rate-limit margin", () => {
  const options = { baseMs: 5, globalMs: 40, stepMs: 15, maxMs: 50, recoverAfter: 3 };

  it("starts small, widens a route's margin on each 429 up to the cap, and leaves other routes alone", () => {
    const offset = createAdaptiveOffset(options);
    expect(offset.offsetFor("/channels/:id/messages")).toBe(5);
    offset.observe("/channels/:id/messages", 429);
    expect(offset.offsetFor("/channels/:id/messages")).toBe(20);
    for (let i = 0; i < 5; i++) offset.observe("/channels/:id/messages", 429);
    expect(offset.offsetFor("/channels/:id/messages")).toBe(50);
    expect(offset.offsetFor("/guilds/:id")).toBe(5);
  });

  it("narrows again one step per run of successes without a 429", () => {
    const offset = createAdaptiveOffset(options);
    offset.observe("/r", 429);
    offset.observe("/r", 429);
    expect(offset.offsetFor("/r")).toBe(35);
    for (let i = 0; i < 3; i++) offset.observe("/r", 200);
    expect(offset.offsetFor("/r")).toBe(20);
    offset.observe("/r", 200);
    offset.observe("/r", 429);
    expect(offset.offsetFor("/r")).toBe(35);
    for (let i = 0; i < 6; i++) offset.observe("/r", 200);
    expect(offset.offsetFor("/r")).toBe(5);
  });

  it("keeps a route's margin on a global 429, which says nothing about the route's bucket", () => {
    const offset = createAdaptiveOffset(options);
    offset.observe("/channels/:id/messages", 429, true);
    expect(offset.offsetFor("/channels/:id/messages")).toBe(5);
    offset.observe("/channels/:id/messages", 429, false);
    expect(offset.offsetFor("/channels/:id/messages")).toBe(20);
    offset.observe("/channels/:id/messages", 429, true);
    expect(offset.offsetFor("/channels/:id/messages")).toBe(20);
  });

  it("gives a wait for the global limit its own margin, whatever the route's margin is", () => {
    const offset = createAdaptiveOffset(options);
    expect(offset.offsetFor("/guilds/:id", true)).toBe(40);
    offset.observe("/guilds/:id", 429);
    expect(offset.offsetFor("/guilds/:id")).toBe(20);
    expect(offset.offsetFor("/guilds/:id", true)).toBe(40);
    offset.observe("/guilds/:id", 429, true);
    expect(offset.offsetFor("/guilds/:id", true)).toBe(40);
  });
});
