// C/C++ and anything else compiled in the image: outputs named with -o, the prefix `make install` / `cmake --install`
// installs into, or the program the start command runs by path. `generic` is the fallback for images no other
// strategy claims; Ruby and PHP apps with nothing compiled end here too, declined (the split would only swap the base).
import type { Fact } from "../../analyze/facts.js";
import { isDecline, stagedInstall } from "../staged-install.js";
import { binaryArtifact, empty, entryProgram, type FactAt, factsOf, lastOf, resolveEntry } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";

export const c: EcosystemStrategy<"c"> = {
  id: "c",
  factKinds: ["c-build"],
  languages: ["c"],
  compiled: true,
  interpreted: false,
  cachesAreGain: true,
  needsLibc: () => true,
  plan: (input) => planNative(input, "c"),
  // gcc in a Python image, make install next to a Go build …: a program named with -o is carried over, an install
  // into a prefix cannot be told apart from the base image's files
  inOtherImage: ({ step, fact: { value: f, at }, eco, decisions }) => {
    if (f.kind !== "c-build") return;
    if (f.tool === "cc" && f.output) {
      const path = f.outputs[0] ?? f.output;
      if (!eco.artifacts.some((x) => x.artifact.path === path)) {
        eco.artifacts.push({ after: step.index, artifact: { path, dest: path, why: `the program line ${at.line} compiles`, lines: [at.line] } });
        decisions.push({ kind: "artifact", lines: [at.line], message: `line ${at.line}: ${path} is compiled in the builder and copied into the final stage` });
      }
    } else if (f.install) {
      eco.declines.push({
        lines: [at.line],
        id: "foreign-install",
        reason: `line ${at.line}: ${f.tool} installs something besides the ${eco.ecosystem} build, and what it installs cannot be told apart from the base image's files`,
        hint: "install it into a prefix of its own (e.g. /opt/NAME), or convert by hand",
      });
    }
  },
};

export const generic: EcosystemStrategy<"generic"> = {
  id: "generic",
  factKinds: ["c-build"],
  languages: [],
  fallback: true,
  compiled: true,
  interpreted: false,
  cachesAreGain: true,
  needsLibc: () => true,
  plan: (input) => planNative(input, "generic"),
};

function planNative(input: EcosystemInput, ecosystem: "c" | "generic"): EcosystemPlan {
  const plan = empty(ecosystem);
  const facts = factsOf(input);
  const cbuilds = facts.filter((f): f is FactAt & { fact: Extract<Fact, { kind: "c-build" }> } => f.fact.kind === "c-build");
  const entry = entryProgram(input.steps);
  const last = lastOf(cbuilds);
  if (!last) {
    plan.declines.push({
      lines: [],
      id: "c-no-compile-step",
      reason: "no compile step slimstage can follow (make, cmake, configure, gcc/cc)",
      hint: "nothing is compiled, so there is little for a builder stage to keep",
    });
    return plan;
  }
  // compiler outputs named with -o
  for (const c of cbuilds) {
    if (c.fact.tool === "cc" && c.fact.output) binaryArtifact(plan, c.fact.outputs[0] ?? c.fact.output, c, "the compiled program");
  }
  // installs: the prefix they install into (stated on make/cmake --install, or earlier on configure/cmake)
  const installs = cbuilds.filter((c) => c.fact.install);
  if (installs.length) {
    const inst = lastOf(installs)!;
    const stated = inst.fact.prefix ?? lastOf(cbuilds.filter((c) => c.step <= inst.step && c.fact.prefix))?.fact.prefix;
    const prefix = stated ?? "/usr/local";
    if (!stated) plan.decisions.push({ kind: "note", lines: [inst.line], message: `line ${inst.line}: the install prefix is not stated: assuming ${prefix}` });
    // a prefix the base image shares (the whole system, or the gcc images' own /usr/local): stage the install
    if (prefix === "/usr" || prefix === "/" || (input.stage.baseInfo?.language === "c" && prefix === "/usr/local")) {
      // (binaryArtifact declines an install that may not run)
      if (inst.mayNotRun) {
        binaryArtifact(plan, prefix, inst, "the install prefix");
        return plan;
      }
      const staged = stagedInstall({ stage: input.stage, steps: input.steps, context: input.context, install: inst, builds: cbuilds });
      if (isDecline(staged)) {
        plan.declines.push(staged);
        return plan;
      }
      plan.builderAppends.push({
        after: inst.step,
        lines: [[staged.run]],
        comment: "slimstage: the install once more, into a staging root the final stage copies",
      });
      plan.artifacts.push({ after: inst.step, artifact: staged.artifact, ...(staged.fixups.length ? { fixups: staged.fixups } : {}) });
      plan.decisions.push({ kind: "artifact", lines: [inst.line], message: staged.message });
    } else {
      binaryArtifact(plan, prefix, inst, "the install prefix (programs, libraries and data files)");
    }
  }
  if (plan.artifacts.length === 0 && entry) {
    const workdir = input.steps[last.step]?.workdir ?? "/";
    const path = resolveEntry(entry.program, workdir, []);
    if (path) binaryArtifact(plan, path, last, "the program CMD runs");
  }
  if (plan.artifacts.length === 0) {
    plan.declines.push({
      lines: entry ? [entry.line] : [last.line],
      id: "c-output-unknown",
      reason: entry ? `line ${entry.line}: where \`${entry.program}\` comes from is not known` : `line ${last.line}: what the build produces is not known`,
      hint: "name the output (`gcc -o /usr/local/bin/app`, `make install PREFIX=/usr/local`) or run the program by its path in CMD",
    });
  }
  return plan;
}
