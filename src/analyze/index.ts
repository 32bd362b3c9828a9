// What RUN steps do: typed facts from shell commands.
export { analyzeScript, commandEnv, normalizeCommand, TRIVIAL, type AnalyzeContext, type ScriptAnalysis } from "./analyze.js";
export type * from "./facts.js";
export type { RecognizeContext, Recognizer } from "./recognizer.js";
export { RECOGNIZERS } from "./recognizers/index.js";
