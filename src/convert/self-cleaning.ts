// A RUN that installs its build dependencies, builds, and removes them again in the same RUN (the official images'
// pattern: `apk add --virtual .build-deps … && apk del .build-deps`, or `savedAptMark=…; apt-get install …;
// apt-mark auto '.*'; apt-mark manual $savedAptMark …; apt-get purge -y --auto-remove`) leaves no build tools in its
// layer. When every build of the image happens that way on a base that is not a toolchain image, a builder stage
// would leave nothing behind: "nothing to gain", with that reason, rather than a decline. The runtime libraries
// such a RUN keeps (by `apt-mark manual` of what the binaries link) are the image's own business; slimstage does not
// need to follow them, since it changes nothing.
import type { Fact } from "../analyze/facts.js";
import type { StepPlan } from "./steps.js";

const SELF_CLEANING_ID = "self-cleaning-build-deps";

type PackagesFact = Extract<Fact, { kind: "system-packages" }>;

/** How a RUN removes what it installed, or undefined when it does not (or not all of its build-only packages). */
export function cleansUpAfterItself(plan: StepPlan): "virtual" | "apt-mark" | undefined {
  if (!plan.run) return undefined;
  const facts = plan.run.facts.map((f) => f.value).filter((f): f is PackagesFact => f.kind === "system-packages");
  const installs = facts.filter((f) => f.op === "install");
  if (installs.length === 0) return undefined;
  const lastInstall = Math.max(...installs.map((f) => f.command));
  const removals = facts.filter((f) => (f.op === "purge" || f.op === "remove" || f.op === "autoremove") && f.command > lastInstall);
  const removed = new Set(removals.flatMap((f) => f.packages.map((p) => p.name)));
  const buildOnly = new Set(plan.install?.buildOnly ?? []);
  // apk: each install that brings build-only packages does so in a --virtual group deleted later in the RUN
  const virtualDeleted = installs.every((i) => !i.packages.some((p) => buildOnly.has(p.name)) || (i.virtual !== undefined && removed.has(i.virtual)));
  if (installs.some((i) => i.virtual) && virtualDeleted) return "virtual";
  // apt-mark auto (everything becomes removable) then an auto-remove after the last install
  const commands = plan.run.scripts.flatMap((s) => s.commands);
  const markedAuto = commands.findIndex((c, i) => i > lastInstall && c.name === "apt-mark" && c.argv.includes("auto"));
  const autoRemove = removals.some(
    (f) => f.command > markedAuto && (f.op === "autoremove" || commands[f.command]?.argv.some((a) => a === "--auto-remove" || a === "--autoremove")),
  );
  if (markedAuto >= 0 && autoRemove) return "apt-mark";
  return undefined;
}

export interface SelfCleaned {
  id: typeof SELF_CLEANING_ID;
  reason: string;
  lines: number[];
}

/**
 * "Nothing to gain" because the image already cleans up: the base is not a toolchain image, and every RUN that
 * installs build-only packages or builds anything removes its build dependencies itself.
 */
export function selfCleaningLean(plans: readonly StepPlan[], heavyBase: boolean, baseName: string): SelfCleaned | undefined {
  if (heavyBase) return undefined;
  if (plans.some((p) => p.run?.diagnostics.length)) return undefined;
  const relevant = plans.filter((p) => p.install?.buildOnly.length || p.builds || p.selfCleaning);
  if (relevant.length === 0 || !relevant.every((p) => p.selfCleaning && cleansUpAfterItself(p))) return undefined;
  const lines = relevant.map((p) => p.line);
  const how = [...new Set(relevant.map((p) => cleansUpAfterItself(p)))].map((k) =>
    k === "virtual" ? "apk del of the --virtual group" : "apt-mark auto + purge --auto-remove",
  );
  return {
    id: SELF_CLEANING_ID,
    lines,
    reason: `line${lines.length > 1 ? "s" : ""} ${lines.join(", ")}: ${lines.length > 1 ? "these RUNs install their" : "this RUN installs its"} build dependencies and remove${lines.length > 1 ? "" : "s"} them again (${how.join(", ")}), and ${baseName} is not a toolchain image, so the image already leaves its build tools behind: a builder stage would remove nothing more`,
  };
}
