// The library API. Deep imports are not part of the contract.
export { parseDockerfile, printDockerfile, dumpBuildkit, type ParseOptions } from "./syntax/index.js";
export type * from "./syntax/types.js";
export { buildModel, stageGraph, toInstruction } from "./model/index.js";
export type * from "./model/index.js";
export { processWord, processWords, ShellExpansionError } from "./shell/lex.js";
export type { EnvLookup, ExpandOptions, WordResult, WordsResult } from "./shell/lex.js";
export { DockerfileError, SlimstageError, UsageError, ExitError, type Position, type Range } from "./errors.js";
export { loadShellParser, parseScript, commandFromExec } from "./shell/script.js";
export type { ShellCommand, ShellScript, ShellWord } from "./shell/script.js";
export { analyzeScript, RECOGNIZERS } from "./analyze/index.js";
export type { Fact, FactKind } from "./analyze/facts.js";
export { analyzeDockerfile, analyzeDockerfileSync } from "./analyze/dockerfile.js";
export type { DockerfileAnalysis, StageAnalysis, Verdict, RuntimeConfig, PackageState } from "./analyze/dockerfile.js";
export { baseImageInfo, classifyPackage, isBuildOnly, packageForSoname, packagesForSoname, runtimeLibrariesFor } from "./knowledge/index.js";
export type { BaseImageInfo, PackageClass } from "./knowledge/index.js";
export { convertDockerfile, convertDockerfileSync } from "./convert/index.js";
export type * from "./convert/types.js";
