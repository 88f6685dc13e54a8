import { describe, expect, it } from "vitest";
import { MIN_INTERVAL_MS, refreshDelay, SLOW_REFRESH_MS } from "./refresh-schedule";

describe("refresh scheduling (when the DAG redraws after an edit)", () => {
  it("a cheap document redraws at once once a frame has passed since its last refresh", () => {
    expect(refreshDelay({ ms: 2, at: 1000 }, 1000 + MIN_INTERVAL_MS, 100)).toBe(0);
    expect(refreshDelay({ ms: SLOW_REFRESH_MS - 0.1, at: 0 }, 5000, 100)).toBe(0);
  });

  it("refreshes are spaced by twice the last one's cost: the host spends at most half its time on them", () => {
    expect(refreshDelay({ ms: 30, at: 1000 }, 1000 + 59, 100)).toBe(1);
    expect(refreshDelay({ ms: 30, at: 1000 }, 1000 + 60, 100)).toBe(0);
    expect(refreshDelay({ ms: 30, at: 1000 }, 1010, 100)).toBe(50);
  });

  it("edits inside one frame of a cheap refresh wait for the rest of the frame (one trailing refresh)", () => {
    expect(refreshDelay({ ms: 2, at: 1000 }, 1004, 100)).toBe(MIN_INTERVAL_MS - 4);
    expect(refreshDelay({ ms: 2, at: 1000 }, 1000, 100)).toBe(MIN_INTERVAL_MS);
    // never longer than the configured debounce (a user who set it to 5 ms gets 5 ms)
    expect(refreshDelay({ ms: 2, at: 1000 }, 1000, 5)).toBe(5);
  });

  it("a slow document, or one never refreshed, waits the configured debounce", () => {
    expect(refreshDelay({ ms: SLOW_REFRESH_MS, at: 0 }, 10_000, 100)).toBe(100);
    expect(refreshDelay({ ms: 250, at: 0 }, 10_000, 300)).toBe(300);
    expect(refreshDelay({ ms: undefined, at: -Infinity }, 0, 100)).toBe(100);
  });
});

describe("causalStudio.debounceMs in package.json", () => {
  it("says what the setting does now: the threshold it names is the one the schedule uses, and its default is the code's", async () => {
    const { readFileSync } = await import("node:fs");
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const setting = pkg.contributes.configuration.properties["causalStudio.debounceMs"];
    expect(setting.description).toContain(`${SLOW_REFRESH_MS} ms`);
    expect(setting.description).toMatch(/at once/);
    const config = readFileSync(new URL("./config.ts", import.meta.url), "utf8");
    expect(config).toContain(`DEFAULT_DEBOUNCE_MS = ${setting.default};`);
  });
});
