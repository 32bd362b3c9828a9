// Images that exist to be built on (a base image for other Dockerfiles, a CI image): no start command and no app
// of their own, their content *is* the toolchain. A slim final stage would strip exactly what they are for, so
// they are declined, never converted. The same check guards every conversion: a final stage that takes nothing
// from the builder means the split only swapped the base image, and a builder nobody uses is a bug.
import type { Step } from "../model/stages.js";
import type { EcosystemPlan } from "./ecosystems/index.js";
import type { StepPlan } from "./steps.js";
import { linesText } from "./text.js";
import type { Decline } from "./types.js";

/** An image to be built on (checked first: its reason is the real one), or a split whose builder would go unused. */
export function buildOnDecline(
  base: { name: string; line: number },
  steps: readonly Step[],
  plans: readonly StepPlan[],
  eco: Pick<EcosystemPlan, "artifacts" | "declines">,
): Decline | undefined {
  const starts = steps.some((s) => s.instruction.kind === "CMD" || s.instruction.kind === "ENTRYPOINT");
  const appFiles = steps.some((s) => s.instruction.kind === "ADD" || (s.instruction.kind === "COPY" && s.instruction.from === undefined));
  const tools = [...new Set(plans.flatMap((p) => p.install?.buildOnly ?? []))];
  const installLines = plans.filter((p) => p.builds || p.install?.buildOnly.length).map((p) => p.line);
  const at = installLines.length ? `${linesText(installLines)}: ` : "";
  if (!starts && (eco.artifacts.length === 0 || !appFiles)) {
    return {
      lines: installLines.length ? installLines : [base.line],
      id: "no-app",
      reason: `${at}the image has no CMD or ENTRYPOINT and ${appFiles ? "nothing it builds is an app" : "copies in no app"}: its toolchain (${[base.name, ...tools].slice(0, 5).join(", ")}${tools.length > 4 ? " …" : ""}) is what it is for, as a base or CI image for other builds, and a slim final stage would strip exactly that`,
      hint: "keep it single-stage; convert the Dockerfiles that build FROM it, or that run their jobs in it, instead",
    };
  }
  if (eco.artifacts.length === 0 && eco.declines.length === 0) {
    return {
      lines: installLines.length ? installLines : [base.line],
      id: "builder-unused",
      reason: `${at}nothing the build steps make is needed by the final stage, so a builder stage would go unused: the split would only change the base image`,
      hint: "if the app needs nothing the full base provides, change its FROM line to the runtime image yourself",
    };
  }
  return undefined;
}
