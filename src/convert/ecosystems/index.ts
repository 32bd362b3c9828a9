// The registry of ecosystem strategies, one file each. The order is the order of detection: the first strategy
// whose fact kinds appear in the stage's RUNs, or whose language is the base image's, plans the conversion (a Go
// build in a python image is Go's; gcc in a python image stays Python's, whose plan carries the compiled output).
// To add an ecosystem: write ./<name>.ts exporting its EcosystemStrategy and list it here — nothing else.
import type { Fact } from "../../analyze/facts.js";
import { c, generic } from "./native.js";
import { dotnet } from "./dotnet.js";
import { go } from "./go.js";
import { java } from "./java.js";
import { node } from "./node.js";
import { php } from "./php.js";
import { python } from "./python.js";
import { ruby } from "./ruby.js";
import { rust } from "./rust.js";
import { factsOf } from "./shared.js";
import type { EcosystemInput, EcosystemStrategy } from "./types.js";

export const ECOSYSTEMS = [php, go, rust, dotnet, java, ruby, node, python, c, generic] as const;

/** The ecosystems the converter knows, derived from the registry. */
export type Ecosystem = (typeof ECOSYSTEMS)[number]["id"];

/** The strategy of an ecosystem id. */
export function strategyOf(id: string): EcosystemStrategy | undefined {
  return ECOSYSTEMS.find((s) => s.id === id);
}

/** The first strategy (registry order) that claims a fact kind of the stage or the base image's language. */
export function detectEcosystem(input: EcosystemInput): Ecosystem {
  const kinds = new Set(factsOf(input).map((f) => f.fact.kind));
  const lang = input.stage.baseInfo?.language;
  const found = ECOSYSTEMS.find(
    (s) =>
      !s.fallback &&
      (s.picks ? s.picks(kinds, lang) : s.factKinds.some((k) => kinds.has(k)) || (lang !== undefined && (s.languages as readonly string[]).includes(lang))),
  );
  return (found ?? ECOSYSTEMS.find((s) => s.fallback) ?? generic).id;
}

/** The strategy that owns a fact kind (the first in the registry claiming it). */
export function ownerOf(kind: Fact["kind"]): EcosystemStrategy | undefined {
  return ECOSYSTEMS.find((s) => (s.factKinds as readonly string[]).includes(kind));
}

/** Every fact kind some strategy builds with (steps.ts: a RUN with one of them builds something). */
export const BUILD_FACT_KINDS: ReadonlySet<Fact["kind"]> = new Set(ECOSYSTEMS.flatMap((s) => s.factKinds));

/** The app interpreters of the interpreted ecosystems (python, node): a RUN calling one runs the app's own code. */
export function isAppInterpreter(program: string): boolean {
  return ECOSYSTEMS.some((s) => s.interpreter?.test(program));
}

/** Programs the runtime image of a base language ships (a start command running them needs no extra package). */
export function runtimeProgramsOf(language: string | undefined): RegExp | undefined {
  return language === undefined ? undefined : ECOSYSTEMS.find((s) => (s.languages as readonly string[]).includes(language))?.runtimePrograms;
}

export { python, node, go, rust, java, dotnet, c, generic };
export type { EcosystemInput, EcosystemPlan, EcosystemStrategy, ForeignStep } from "./types.js";
export { entryProgram } from "./shared.js";
