// What an ecosystem strategy gets and gives: the analysed stage in, a plan for the builder and the final stage out,
// and the strategy itself — everything the converter needs to know about one ecosystem, declared in one place.
import type { LanguageFactKind, StageAnalysis } from "../../analyze/dockerfile.js";
import type { Fact } from "../../analyze/facts.js";
import type { Language } from "../../knowledge/index.js";
import type { Located } from "../../analyze/dockerfile.js";
import type { Step } from "../../model/stages.js";
import type { StepPlan } from "../steps.js";
import type { Artifact, ContextReader, Decision, Decline } from "../types.js";
import type { Ecosystem } from "./index.js";

export type { Ecosystem };

export interface EcosystemPlan {
  ecosystem: Ecosystem;
  /** New builder instructions to insert before step `before` (as instruction line groups). */
  builderInserts: Array<{ before: number; lines: string[][]; comment: string }>;
  /** New builder instructions after step `after`. */
  builderAppends: Array<{ after: number; lines: string[][]; comment: string }>;
  /** Artifacts to copy into the final stage after step `after`, with ENV lines that make them usable. */
  artifacts: Array<{
    after: number;
    artifact: Artifact;
    env?: string[];
    /** RUNs right after the copy (a copied directory's own mode/owner). */ fixups?: string[];
  }>;
  /** Steps whose final-stage copy the artifacts replace (e.g. COPY of sources into the Node app dir). */
  replacedInFinal: Set<number>;
  decisions: Decision[];
  declines: Decline[];
  /** Go: whether the binary needs libc (cgo). */
  cgo?: boolean;
  /** What the split leaves out of the final image besides build-only system packages (for "nothing to gain"). */
  removes: string[];
  /** Runtime library packages the final stage needs besides the package split's (PHP extensions' libraries). */
  runtimePackages?: string[];
}

export interface EcosystemInput {
  stage: StageAnalysis;
  steps: Step[];
  plans: StepPlan[];
  context: ContextReader | undefined;
  /** Dev dependencies the container runs when it starts (start-programs.ts). */
  startDevDependencies?: string[];
}

/** One of the strategy's own build steps, found in an image the registry gave to another ecosystem. */
export interface ForeignStep {
  step: StepPlan;
  fact: Located<Fact>;
  /** The plan of the ecosystem the image belongs to (artifacts and declines may be added). */
  eco: EcosystemPlan;
  decisions: Decision[];
}

/**
 * An ecosystem as the converter sees it. The registry (./index.ts) lists one per file; the `Ecosystem` type, the
 * fact kinds steps.ts treats as building, and every per-ecosystem test in convert.ts derive from these fields.
 */
export interface EcosystemStrategy<Id extends string = string> {
  id: Id;
  /** Fact kinds of its build and dependency steps; a RUN with one of them picks it (the registry's order decides). */
  factKinds: readonly LanguageFactKind[];
  /** Base-image languages (knowledge/base-images.ts) that pick it. */
  languages: readonly Language[];
  /** Picked when no strategy's facts or languages match. */
  fallback?: boolean;
  /**
   * Whether it picks a stage, instead of "one of its fact kinds, or the base's language": Ruby's facts pick only an
   * image of no known language (a node image that also installs gems stays Node's).
   */
  picks?(kinds: ReadonlySet<Fact["kind"]>, language: string | undefined): boolean;
  /** The build leaves a program (binary, jar, publish output): files copied in for it go to the final stage too. */
  compiled: boolean;
  /**
   * The runtime image runs the app's sources with the language's interpreter: a start command that no build step
   * made needs no shell of its own, and files a RUN writes inside the app's directories belong to the app.
   */
  interpreted: boolean;
  /** The interpreter a RUN calls to run the app's own code (python manage.py …): the final stage has it too. */
  interpreter?: RegExp;
  /** Programs its runtime image ships: a start command running them needs no extra package in the final stage. */
  runtimePrograms?: RegExp;
  /** Whether a cache a build step leaves behind is worth a split on its own (not for Python: see convert.ts). */
  cachesAreGain: boolean;
  /** The dev dependencies the container starts with (start-programs.ts) are its to keep. */
  keepsStartDevDependencies?: boolean;
  /** Runtime base: whether the program needs a C library like the builder's (a static Go binary does not). */
  needsLibc(plan: EcosystemPlan): boolean;
  /** What the build leaves behind and how it crosses to the final stage. */
  plan(input: EcosystemInput): EcosystemPlan;
  /** Its own build steps in an image of another ecosystem: carried over, declined, or (when absent) left alone. */
  inOtherImage?(found: ForeignStep): void;
}
