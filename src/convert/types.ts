// The converter's inputs and outputs as data.
import type { DockerfileAnalysis } from "../analyze/dockerfile.js";

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
  /** Stable kebab-case id of the kind of decline (docs/declines.md). */
  id?: string;
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

export interface ConvertPlan {
  ecosystem: string;
  builderBase: string;
  builderName: string;
  finalBase: string;
  artifacts: Artifact[];
  runtimePackages: string[];
  removedPackages: string[];
}

export type ConvertResult =
  | { status: "converted"; dockerfile: string; plan: ConvertPlan; decisions: Decision[]; analysis: DockerfileAnalysis }
  | { status: "nothing-to-gain"; decisions: Decision[]; reasons: string[]; reasonIds?: string[]; analysis: DockerfileAnalysis }
  | { status: "declined"; declines: Decline[]; decisions: Decision[]; analysis: DockerfileAnalysis };
