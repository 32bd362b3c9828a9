// Test helpers: parse a script and run one recogniser (or all) over it.
import { beforeAll } from "vitest";
import { loadShellParser, parseScript } from "../shell/script.js";
import { analyzeScript, type AnalyzeContext, type ScriptAnalysis } from "./analyze.js";
import type { Fact } from "./facts.js";
import type { Recognizer } from "./recognizer.js";

export function useShellParser(): void {
  beforeAll(async () => {
    await loadShellParser();
  });
}

export function analyze(text: string, ctx: AnalyzeContext = {}): ScriptAnalysis {
  return analyzeScript(parseScript(text, ctx.cwd !== undefined ? { cwd: ctx.cwd } : {}), ctx);
}

/** The facts one recogniser finds in a script. */
export function factsOf(recognizer: Recognizer, text: string, ctx: AnalyzeContext = {}): Fact[] {
  return analyze(text, { ...ctx, recognizers: [recognizer] }).facts;
}

/** Drops the location fields so expectations stay about meaning. */
export function strip<T extends Fact>(f: T): Omit<T, "range" | "command" | "recognizer"> {
  const { range: _r, command: _c, recognizer: _id, ...rest } = f;
  return rest;
}
