// Verification of a candidate image against the original: probes, config, linkage, build-only packages.
export {
  compareObservations,
  normalizeOutput,
  stripAnsi,
  type HttpObservation,
  type ProbeComparison,
  type ProbeDifference,
  type ProbeObservation,
} from "./compare.js";
export { checkAllowKey, compareConfig, CONFIG_KEYS, isAllowed, pathExtension, type ConfigDifference, type ConfigKey } from "./config.js";
export { findLeftovers, imageFacts, imageFamily, missingLibraries, type ImageFacts, type Leftover, type LeftoverKind, type MissingLibrary } from "./facts.js";
export {
  buildOnlyPackages,
  defaultKnowledge,
  type BuildOnlyPackage,
  type BuildOnlyReason,
  type ImagePackageFamily,
  type PackageClass,
  type PackageKnowledge,
} from "./knowledge.js";
export { parseProbe, parseProbeFile, splitWords, type Probe } from "./probes.js";
export { runProbe, type ProbeRunOptions } from "./run-probes.js";
export { judge, likelyProbeFix, missingLibraryFinding, type Finding, type FindingKind, type JudgeInput } from "./verdict.js";
export {
  defaultProbes,
  inspectImage,
  verifyImages,
  type InspectedImage,
  type Side,
  type SideReport,
  type VerifyEvent,
  type VerifyOptions,
  type VerifyReport,
} from "./verify.js";
