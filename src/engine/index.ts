// The engine edge: the Engine interface, its Docker CLI implementation, progress events and the frontend rule.
export type {
  BuildRequest,
  BuildResult,
  CallOptions,
  ContainerHandle,
  ContainerState,
  DockerfileSource,
  Engine,
  EngineVersion,
  FrontendOutcome,
  HistoryEntry,
  ImageConfig,
  ImageInspect,
  RunRequest,
  RunResult,
} from "./types.js";
export { EngineError, type EngineErrorDetails, type EngineErrorKind } from "./errors.js";
export {
  buildxBuildArgv,
  createEngine,
  DEFAULT_DOCKER,
  DockerCliEngine,
  dockerPath,
  parseHistoryLines,
  parseImageInspect,
  runArgv,
  type DockerCliOptions,
} from "./docker-cli.js";
export {
  detectSyntaxDirective,
  isFrontendResolveFailure,
  normalizeImageRef,
  stripSyntaxDirective,
  type FrontendMode,
  type SyntaxDirective,
} from "./frontend.js";
export { JsonStreamSplitter, parseRawJson, parseStepName, progressEventToJson, ProgressTracker, type BuildStep, type ProgressEvent } from "./progress.js";
export { lastLines, runProcess, type ProcessOptions, type ProcessResult } from "./process.js";
export { httpGet, portOpen, type HttpResponse } from "./network.js";
