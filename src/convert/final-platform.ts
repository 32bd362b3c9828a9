// The --platform of the final stage's FROM. It copies the original's, so both stages run on the same CPU
// architecture — except for the cross-compiling pattern `FROM --platform=$BUILDPLATFORM …` whose build writes for
// $TARGETOS/$TARGETARCH: there the builder stays on the build platform and the final stage, which runs the
// cross-compiled program, is the target platform's image (no --platform). In a native build both are the same; in a
// cross build (`--platform linux/arm64` on an amd64 host) the single-stage original labelled an arm64 program as an
// amd64 image, and the split is what makes it right.
import type { Step } from "../model/stages.js";

export type FinalPlatform = { flag: string | undefined; dropped?: { line: number; args: string[] } };

const BUILD_PLATFORM = /^\$(\{BUILDPLATFORM\}|BUILDPLATFORM)$/;
const TARGET_ARGS = ["TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT"];

/** The target-platform ARGs a RUN of the stage refers to (`GOARCH=$TARGETARCH`, `--target $TARGETPLATFORM` …). */
function targetArgsUsed(steps: Step[]): string[] {
  const used = new Set<string>();
  for (const s of steps) {
    if (s.instruction.kind !== "RUN") continue;
    const text = [...s.instruction.cmdLine, ...s.instruction.heredocs.map((h) => h.content)].join("\n");
    for (const a of TARGET_ARGS) if (new RegExp(`\\$\\{?${a}\\b`).test(text)) used.add(a);
  }
  return [...used];
}

export function finalPlatform(flag: string | undefined, fromLine: number, steps: Step[]): FinalPlatform {
  if (!flag || !BUILD_PLATFORM.test(flag)) return { flag };
  const args = targetArgsUsed(steps);
  return args.length ? { flag: undefined, dropped: { line: fromLine, args } } : { flag };
}

export function finalPlatformMessage(dropped: { line: number; args: string[] }): string {
  const named = dropped.args.map((a) => `$${a}`).join(", ");
  return `line ${dropped.line}: the builder runs on $BUILDPLATFORM and the build writes for ${named}, so the final stage has no --platform: it is the target platform's image (the same as the build platform in a native build)`;
}
