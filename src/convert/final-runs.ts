// A RUN that the final stage runs again (a runtime step, or one the builder needs too) runs without the build-only
// packages the split leaves in the builder. When it calls a program one of those packages provides (`git clone`
// after `apt-get install git`, `make` after `build-essential`), the converted file would not build: decline with
// the line instead.
import { RUNTIME_TOOL_PACKAGES } from "../knowledge/index.js";
import type { StepPlan } from "./steps.js";
import type { Decline } from "./types.js";

/** Build-only packages whose commands are named differently from the package. */
const COMMANDS_OF: Readonly<Record<string, readonly string[]>> = {
  "build-essential": ["gcc", "g++", "cc", "c++", "make", "dpkg-buildpackage"],
  "alpine-sdk": ["gcc", "g++", "cc", "c++", "make", "abuild", "git"],
  "build-base": ["gcc", "g++", "cc", "c++", "make"],
  binutils: ["ld", "as", "ar", "strip", "objdump"],
  "pkg-config": ["pkg-config"],
  pkgconf: ["pkg-config", "pkgconf"],
  "golang-go": ["go", "gofmt"],
};

/** The build-only package (installed by an earlier RUN of this stage) that provides `command`, if any. */
export function buildOnlyProvider(command: string, buildOnly: ReadonlySet<string>): string | undefined {
  const viaTable = RUNTIME_TOOL_PACKAGES[command];
  if (viaTable && buildOnly.has(viaTable)) return viaTable;
  if (buildOnly.has(command)) return command;
  for (const [pkg, commands] of Object.entries(COMMANDS_OF)) if (buildOnly.has(pkg) && commands.includes(command)) return pkg;
  return undefined;
}

/** Declines for final-stage RUNs that call a program only a build-only package provides. */
export function finalRunDeclines(plans: readonly StepPlan[]): Decline[] {
  const out: Decline[] = [];
  const buildOnly = new Map<string, number>(); // package → line that installed it
  for (const p of plans) {
    const runsInFinal = p.step.instruction.kind === "RUN" && (p.role === "runtime" || p.role === "both");
    if (runsInFinal && p.run) {
      const names = new Set(buildOnly.keys());
      for (const c of p.run.scripts.flatMap((s) => s.commands)) {
        const name = (c.name ?? "").replace(/^.*\//, "");
        const pkg = name ? buildOnlyProvider(name, names) : undefined;
        if (!pkg) continue;
        const at = buildOnly.get(pkg) as number;
        out.push({
          lines: [p.line, at],
          id: "final-run-needs-build-package",
          reason: `line ${p.line}: \`${c.text.slice(0, 60)}\` runs in the final stage too, but ${name} comes from ${pkg} (line ${at}), which is build-only and stays in the builder`,
          hint: "do this step in the same RUN as the build (the builder keeps it and the final stage gets what it makes), or convert by hand",
        });
        break;
      }
    }
    // replayed commands (users, file operations) run in the final stage as well
    for (const c of p.replay ?? []) {
      const name = (c.name ?? "").replace(/^.*\//, "");
      const pkg = name ? buildOnlyProvider(name, new Set(buildOnly.keys())) : undefined;
      if (pkg) {
        out.push({
          lines: [p.line],
          id: "final-run-needs-build-package",
          reason: `line ${p.line}: \`${c.text.slice(0, 60)}\` is replayed in the final stage, but ${name} comes from the build-only ${pkg}`,
          hint: "put it in a RUN of its own after the build, or convert by hand",
        });
        break;
      }
    }
    for (const pkg of p.install?.buildOnly ?? []) if (!buildOnly.has(pkg)) buildOnly.set(pkg, p.line);
  }
  return out;
}
