// Types for lazy-typescript.mjs (imported by test/cli/bundle.test.ts).
import type { Plugin } from "esbuild";

export declare const lazyTypescript: Plugin;
