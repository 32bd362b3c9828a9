// The library API. Deep imports are not part of the contract.
export { parseDockerfile, printDockerfile, dumpBuildkit, type ParseOptions } from "./syntax/index.js";
export type * from "./syntax/types.js";
export { buildModel, stageGraph, toInstruction } from "./model/index.js";
export type * from "./model/index.js";
export { processWord, processWords, ShellExpansionError } from "./shell/lex.js";
export type { EnvLookup, ExpandOptions, WordResult, WordsResult } from "./shell/lex.js";
export { DockerfileError, SlimstageError, UsageError, ExitError, type Position, type Range } from "./errors.js";
