export { toInstruction, parseGoDuration, instructionKinds } from "./instructions.js";
export type * from "./instructions.js";
export { buildModel, EXPANSION_LIMITS, joinPath } from "./stages.js";
export type { DockerfileModel, ExpandedWords, ExpansionLimits, ModelOptions, ModelWarning, Stage, StageBase, Step } from "./stages.js";
export { stageGraph } from "./graph.js";
export type { EdgeKind, ExternalNode, GraphOptions, GraphStage, StageEdge, StageGraph } from "./graph.js";
export { parseMount, csvFields } from "./mounts.js";
export type { RunMount, MountType, MountSharing } from "./mounts.js";
export { defaultPlatformArgs, hostPlatform, type PlatformOptions } from "./platform.js";
