export { convertDockerfile, convertDockerfileSync } from "./convert.js";
export type { Artifact, ContextReader, ConvertOptions, ConvertPlan, ConvertResult, Decision, Decline } from "./types.js";
