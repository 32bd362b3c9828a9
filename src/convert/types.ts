// The converter's inputs and outputs as data.
import type { DockerfileAnalysis } from "../analyze/dockerfile.js";
import type { DeclineId, NothingToGainId } from "./declines/registry.js";

export type { DeclineId, NothingToGainId };

/** Reads files of the build context (an edge: the CLI gives a file-system reader, tests give a map). */
export interface ContextReader {
  /** Text of a file relative to the context root, or undefined when absent/unreadable. */
  read(path: string): string | undefined;
}

export interface ConvertOptions {
  /** The build context, to read manifests (requirements.txt, package.json, go.mod, Cargo.toml, …). */
  context?: ContextReader;
  /** Final-stage base to use instead of the base image's known runtime counterpart. */
  runtimeBase?: string;
  /** Extra runtime packages to install in the final stage (found by verification, e.g. libpq5). */
  extraRuntimePackages?: string[];
  /** Build args for evaluating the Dockerfile. */
  buildArgs?: Readonly<Record<string, string>>;
}

export type DecisionKind = "build-only" | "runtime" | "artifact" | "base" | "config" | "note" | "warning";

/** One choice the converter made, in plain words, with the source lines it came from. */
export interface Decision {
  kind: DecisionKind;
  lines: number[];
  message: string;
}

export interface Decline {
  /** Stable id of the kind of decline (declines/registry.ts, docs/declines.md). */
  id: DeclineId;
  lines: number[];
  reason: string;
  /** What the user can do about it. */
  hint: string;
}

export interface Artifact {
  /** Absolute path in the builder. */
  path: string;
  /** Where it goes in the final stage (usually the same path). */
  dest: string;
  why: string;
  lines: number[];
  chown?: string;
}

/** One piece of a stage of the converted file, in order: what the writer renders. */
export type PlannedLine =
  /** An instruction of the original stage (by step index), verbatim; with the comments above it, or only a blank line. */
  | { kind: "original"; step: number; line: number; leading: boolean }
  /** New instructions (each a list of continuation-line pieces) under a `# slimstage:` comment. */
  | {
      kind: "added";
      comment: string;
      instructions: string[][];
      blankBefore?: boolean;
      blankAfter?: boolean;
      /** The comments above this step of the original go first (the step itself stays in the builder). */
      leadingOf?: number;
    };

/** The two stages as the writer renders them (everything before the split stage is kept as it is). */
export interface StageLayout {
  /** Index of the split stage in the file. */
  stage: number;
  /** The final FROM's image as written (with the original's ARGs when it follows them). */
  finalFrom: string;
  /** After the original FROM, renamed to `builderName`. */
  builder: PlannedLine[];
  /** From the final FROM on. */
  final: PlannedLine[];
}

export interface ConvertPlan {
  ecosystem: string;
  builderBase: string;
  builderName: string;
  finalBase: string;
  artifacts: Artifact[];
  runtimePackages: string[];
  removedPackages: string[];
  /** What the writer renders; absent when only the base of an existing final stage moved (rebase.ts, multi-stage.ts write that) or a FROM <stage> chain was merged first (stage-chain.ts). */
  layout?: StageLayout;
}

export type ConvertResult =
  | { status: "converted"; dockerfile: string; plan: ConvertPlan; decisions: Decision[]; analysis: DockerfileAnalysis }
  | {
      status: "nothing-to-gain";
      decisions: Decision[];
      reasons: string[];
      /** The ids of `reasons`, in the same order. */ reasonIds: NothingToGainId[];
      analysis: DockerfileAnalysis;
    }
  | { status: "declined"; declines: Decline[]; decisions: Decision[]; analysis: DockerfileAnalysis };
