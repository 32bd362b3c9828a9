// Go: the binaries `go build -o` / `go install` make are copied into the final stage (onto its PATH when the start
// command runs them by name); CGO_ENABLED decides whether the runtime image needs a C library.
import { posix } from "node:path";
import type { Fact } from "../../analyze/facts.js";
import { goDefaultOutput } from "../go-output.js";
import { binaryArtifact, empty, entryProgram, type FactAt, factsOf } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";

export const go: EcosystemStrategy<"go"> = {
  id: "go",
  factKinds: ["go"],
  languages: ["go"],
  compiled: true,
  interpreted: false,
  cachesAreGain: true,
  // CGO_ENABLED=0: a static binary runs on any C library
  needsLibc: (plan) => plan.cgo !== false,
  plan: (input) => planGo(input),
  // (Go is first in the registry, so a go build always makes the image Go's; this holds if the order changes)
  inOtherImage: ({ fact: { value: f, at }, eco }) => {
    if (f.kind === "go" && (f.op === "build" || f.op === "install")) {
      eco.declines.push({
        lines: [at.line],
        id: "foreign-build",
        reason: `line ${at.line}: a ${f.kind} build in a ${eco.ecosystem} image is not carried over`,
        hint: "build it in a stage of its own, or convert by hand",
      });
    }
  },
};

function planGo(input: EcosystemInput): EcosystemPlan {
  const plan = empty("go");
  const builds = factsOf(input).filter(
    (f): f is FactAt & { fact: Extract<Fact, { kind: "go" }> } => f.fact.kind === "go" && (f.fact.op === "build" || f.fact.op === "install"),
  );
  if (builds.length === 0) {
    plan.declines.push({
      lines: [],
      id: "go-no-build",
      reason: "no `go build` or `go install` step found",
      hint: "build the binary in a RUN step with `go build -o /path/to/binary`",
    });
    return plan;
  }
  const entry = entryProgram(input.steps);
  const env = input.stage.runtime.env;
  for (const b of builds) {
    const out = b.fact.outputs.find((o) => !o.includes("/pkg/mod") && !o.includes("/.cache"));
    if (b.fact.op === "install" && out) {
      // go install puts every command it builds in $GOBIN: all of them go where the runtime image's PATH looks
      if (!plan.artifacts.some((a) => a.artifact.path === `${out}/`)) {
        // a start command that names $GOBIN itself (ENTRYPOINT ["/go/bin/server"]) finds the commands where they were
        const named = input.steps.some(
          (s) =>
            (s.instruction.kind === "CMD" || s.instruction.kind === "ENTRYPOINT" || s.instruction.kind === "HEALTHCHECK") &&
            s.instruction.node.original.includes(`${out}/`),
        );
        const dest = named ? `${out}/` : "/usr/local/bin/";
        plan.artifacts.push({ after: b.step, artifact: { path: `${out}/`, dest, why: "the commands go install built", lines: [b.line] } });
        plan.decisions.push({
          kind: "artifact",
          lines: [b.line],
          message: `line ${b.line}: the commands \`go install\` puts in ${out} are copied into ${named ? `${out} of the final stage, where the start command runs them` : "/usr/local/bin of the final stage"}`,
        });
      }
      continue;
    }
    const cwd = input.steps[b.step]?.workdir ?? "/";
    const runCwd = b.cwd ?? cwd;
    const guessed =
      !out && b.fact.op === "build" && b.fact.packages.every((p) => p === "." || p === "./") ? goDefaultOutput(runCwd, input.steps, input.context) : undefined;
    if (!out && guessed) {
      plan.decisions.push({ kind: "note", lines: [b.line], message: `line ${b.line}: \`go build\` without -o writes ${guessed.path} (${guessed.how})` });
      binaryArtifact(
        plan,
        guessed.path,
        b,
        "the Go binary",
        entry && !entry.program.includes("/") && posix.basename(guessed.path) === entry.program ? { onPath: entry.program } : {},
      );
      continue;
    }
    if (!out) {
      plan.declines.push({
        lines: [b.line],
        id: "go-output-unknown",
        reason: `line ${b.line}: where \`go build\` writes its binary is not known${input.context ? "" : " (pass --context so slimstage can read go.mod)"}`,
        hint: "name the output with `go build -o /path/to/binary`",
      });
      continue;
    }
    binaryArtifact(
      plan,
      out,
      b,
      "the Go binary",
      entry && !entry.program.includes("/") && posix.basename(out) === entry.program ? { onPath: entry.program } : {},
    );
  }
  const cgoValues = builds.map((b) => b.fact.cgoEnabled ?? env.CGO_ENABLED);
  plan.cgo = !cgoValues.every((v) => v === "0");
  plan.decisions.push({
    kind: "base",
    lines: builds.map((b) => b.line),
    message: plan.cgo
      ? "cgo is not disabled (CGO_ENABLED is not 0), so the binary needs glibc at run time"
      : "CGO_ENABLED=0: the binary is static and needs no libc",
  });
  return plan;
}
