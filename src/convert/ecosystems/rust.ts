// Rust: the binary cargo builds (target/<profile>/<name>, moved out of target/ by a RUN, or cargo install's) is
// copied into the final stage; it links with glibc.
import { posix } from "node:path";
import type { Fact } from "../../analyze/facts.js";
import type { ContextReader } from "../types.js";
import { abs, binaryArtifact, empty, entryProgram, type FactAt, factsOf, lastOf, resolveEntry } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";

export const rust: EcosystemStrategy<"rust"> = {
  id: "rust",
  factKinds: ["cargo"],
  languages: ["rust"],
  compiled: true,
  interpreted: false,
  cachesAreGain: true,
  needsLibc: () => true,
  plan: (input) => planRust(input),
  inOtherImage: ({ fact: { value: f, at }, eco }) => {
    if (f.kind === "cargo" && (f.op === "build" || f.op === "install")) {
      eco.declines.push({
        lines: [at.line],
        id: "foreign-build",
        reason: `line ${at.line}: a ${f.kind} build in a ${eco.ecosystem} image is not carried over`,
        hint: "build it in a stage of its own, or convert by hand",
      });
    }
  },
};

function planRust(input: EcosystemInput): EcosystemPlan {
  const plan = empty("rust");
  const builds = factsOf(input).filter(
    (f): f is FactAt & { fact: Extract<Fact, { kind: "cargo" }> } => f.fact.kind === "cargo" && (f.fact.op === "build" || f.fact.op === "install"),
  );
  if (builds.length === 0) {
    plan.declines.push({ lines: [], id: "rust-no-build", reason: "no `cargo build` step found", hint: "build with `cargo build --release`" });
    return plan;
  }
  const last = lastOf(builds)!;
  const workdir = input.steps[last.step]?.workdir ?? "/";
  const entry = entryProgram(input.steps);
  const profile = last.fact.release ? "release" : "debug";
  const targetDir = abs(workdir, last.fact.targetDir);
  const names = last.fact.bins.length ? last.fact.bins : cargoPackageName(input.context) ? [cargoPackageName(input.context)!] : [];
  if (last.fact.op === "install") {
    // cargo install builds the release profile and puts the binaries in $CARGO_HOME/bin (or --root/bin)
    // (the rust image keeps cargo and rustc there too, so only the installed binary is taken)
    const binDir = last.fact.root ? posix.join(last.fact.root, "bin") : `${input.stage.runtime.env.CARGO_HOME ?? "/usr/local/cargo"}/bin`;
    const name = last.fact.bins[0] ?? (entry && !entry.program.includes("/") ? entry.program : undefined) ?? cargoPackageName(input.context);
    if (!name) {
      plan.declines.push({
        lines: [last.line],
        id: "rust-binary-unknown",
        reason: `line ${last.line}: the name of the binary \`cargo install\` builds is not known`,
        hint: "pass --context so slimstage can read Cargo.toml, or run the binary by name in CMD",
      });
      return plan;
    }
    binaryArtifact(plan, posix.join(binDir, name), last, "the Rust binary", { onPath: name });
    plan.cgo = true;
    return plan;
  }
  const candidates = names.map((n) => posix.join(targetDir, last.fact.target ?? "", profile, n));
  // a binary copied or moved out of target/ by a RUN (cp/mv/install) is the one the image runs
  const outDir = posix.join(targetDir, last.fact.target ?? "", profile) + "/";
  const moved = factsOf(input).find(
    (f) =>
      f.fact.kind === "file-op" &&
      (f.fact.op === "copy" || f.fact.op === "move" || f.fact.op === "install") &&
      f.fact.dest !== undefined &&
      f.fact.paths.some((p) => abs(workdir, p).startsWith(outDir)),
  );
  let path: string | undefined;
  if (moved && moved.fact.kind === "file-op" && moved.fact.dest) {
    const src = moved.fact.paths.find((p) => abs(workdir, p).startsWith(outDir)) as string;
    const dest = abs(workdir, moved.fact.dest);
    path =
      moved.fact.dest.endsWith("/") ||
      (entry && posix.basename(dest) !== posix.basename(entry.program) && posix.basename(src) === posix.basename(entry.program))
        ? posix.join(dest, posix.basename(src))
        : dest;
  } else {
    path = (entry ? resolveEntry(entry.program, workdir, candidates) : undefined) ?? candidates[0];
  }
  if (!path) {
    plan.declines.push({
      lines: [last.line],
      id: "rust-binary-unknown",
      reason: `line ${last.line}: the name of the binary cargo builds is not known`,
      hint: "pass --context so slimstage can read Cargo.toml, or run the binary by its path in CMD",
    });
    return plan;
  }
  binaryArtifact(plan, path, moved ?? last, "the Rust binary");
  plan.cgo = true;
  return plan;
}

function cargoPackageName(context: ContextReader | undefined): string | undefined {
  const toml = context?.read("Cargo.toml");
  if (!toml) return undefined;
  const bin = /\[\[bin\]\][^[]*?name\s*=\s*"([^"]+)"/s.exec(toml);
  if (bin) return bin[1];
  const pkg = /\[package\][^[]*?name\s*=\s*"([^"]+)"/s.exec(toml);
  return pkg?.[1];
}
