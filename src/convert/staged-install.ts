// An install into a prefix shared with the base image (/usr, /, or /usr/local on the gcc images, which keep their
// own compiler there) cannot be copied as a directory: what the build added is mixed with what the image had. The
// builder runs the same install once more with DESTDIR set, which CMake's install scripts, meson/ninja and
// Automake/Autoconf Makefiles all honour, so a staging root holds exactly the installed files; the final stage
// copies that root onto /.
import { posix } from "node:path";
import type { StageAnalysis } from "../analyze/dockerfile.js";
import type { CBuildFact } from "../analyze/facts.js";
import type { ShellCommand } from "../shell/script.js";
import type { Step } from "../model/stages.js";
import { contextFileAt } from "./context-files.js";
import type { Artifact, ContextReader, Decline } from "./types.js";

/** Where the builder stages the second install. */
const STAGING_ROOT = "/slimstage/install";

export interface StagedInstall {
  /** The builder RUN to add after the install's step. */
  run: string;
  artifact: Artifact;
  /** Instructions right after the copy in the final stage (`RUN ldconfig`). */
  fixups: string[];
  message: string;
}

export interface StagedInstallInput {
  stage: StageAnalysis;
  steps: readonly Step[];
  context: ContextReader | undefined;
  /** The install fact, its step and line. */
  install: { fact: CBuildFact; step: number; line: number };
  /** Every C build fact of the stage, in order. */
  builds: ReadonlyArray<{ fact: CBuildFact; step: number }>;
}

type Located = { cmd: ShellCommand; step: number; cwd: string | undefined };

function commandsOf(stage: StageAnalysis, steps: readonly Step[]): Located[] {
  return stage.runs.flatMap((r) =>
    r.scripts.flatMap((s) =>
      s.commands.map((cmd) => {
        const wd = steps[r.step]?.workdir ?? "/";
        return { cmd, step: r.step, cwd: cmd.cwd === undefined ? undefined : cmd.cwd.startsWith("/") ? cmd.cwd : posix.join(wd, cmd.cwd) };
      }),
    ),
  );
}

/** The directory an install runs its build from: make -C / cmake --install DIR, relative to the command's cwd. */
function buildDirOf(fact: CBuildFact, cwd: string): string {
  return fact.buildDir === undefined ? cwd : fact.buildDir.startsWith("/") ? posix.normalize(fact.buildDir) : posix.join(cwd, fact.buildDir);
}

const inside = (dir: string, path: string): boolean => path === dir || dir.startsWith(path.endsWith("/") ? path : `${path}/`);

/** Whether the install's tool is known to honour DESTDIR. */
function honoursDestdir(input: StagedInstallInput, buildDir: string): string | undefined {
  const { fact } = input.install;
  if (fact.tool === "cmake") return "CMake's install scripts prefix every destination with $DESTDIR";
  if (fact.tool === "ninja") return "ninja install (CMake or meson generated) prefixes every destination with $DESTDIR";
  const earlier = input.builds.filter((b) => b.step <= input.install.step);
  if (earlier.some((b) => b.fact.tool === "configure" || b.fact.tool === "autoreconf"))
    return "Autoconf/Automake Makefiles prefix every destination with $(DESTDIR)";
  if (earlier.some((b) => b.fact.tool === "cmake")) return "CMake-generated Makefiles prefix every destination with $DESTDIR";
  const makefile = ["Makefile", "makefile", "GNUmakefile"]
    .map((n) => contextFileAt(posix.join(buildDir, n), input.steps as Step[], input.context, input.install.step)?.text)
    .find((t) => t !== undefined);
  if (makefile !== undefined && /\$[({]DESTDIR[)}]/.test(makefile)) return "the project's Makefile installs under $(DESTDIR)";
  return undefined;
}

/**
 * The staged install for `input.install`, or a decline saying why the install cannot be repeated into a staging
 * root (a Makefile that may ignore DESTDIR, a build directory removed after the install, a command using shell
 * variables of its own RUN).
 */
export function stagedInstall(input: StagedInstallInput): StagedInstall | Decline {
  const { fact, step, line } = input.install;
  const commands = commandsOf(input.stage, input.steps);
  const at = commands.find((c) => c.step === step && c.cmd.index === fact.command && c.cmd.range.start.offset === fact.range.start.offset);
  const cwd = at?.cwd;
  const decline = (reason: string, hint: string): Decline => ({ id: "install-into-shared-prefix", lines: [line], reason: `line ${line}: ${reason}`, hint });
  const prefixHint = "install into a prefix of its own (PREFIX=/opt/app, -DCMAKE_INSTALL_PREFIX=/opt/app), then convert";
  if (!at || cwd === undefined || !cwd.startsWith("/"))
    return decline("the install runs in a directory slimstage cannot tell, so it cannot be repeated into a staging root", prefixHint);
  if (fact.destdir !== undefined) return decline("the install already sets DESTDIR", prefixHint);
  const text = at.cmd.text;
  // variables of the RUN itself (`P=/x; make install PREFIX=$P`) are gone in a new RUN
  if (/[$`]/.test(text) || at.cmd.conditional)
    return decline("the install command depends on its own RUN (shell variables or a condition), so it cannot be repeated on its own", prefixHint);
  const buildDir = buildDirOf(fact, cwd);
  const why = honoursDestdir(input, buildDir);
  if (!why)
    return decline(
      "installs with a Makefile slimstage cannot see honour DESTDIR, into a prefix shared with the base image, so what the build added cannot be told apart",
      prefixHint,
    );
  // the second install needs the build tree: decline when a later command removes it
  const later = commands.filter((c) => c.step > step || (c.step === step && c.cmd.index > at.cmd.index));
  const removal = later.find((c) => {
    const name = c.cmd.name?.split("/").pop();
    if (name === "rm")
      return c.cmd.argv
        .slice(1)
        .some((a) => !a.startsWith("-") && c.cwd !== undefined && inside(buildDir, a.startsWith("/") ? posix.normalize(a) : posix.join(c.cwd, a)));
    return (
      (name === "make" || name === "ninja") &&
      c.cmd.argv.some((a) => a === "distclean" || a === "maintainer-clean") &&
      c.cwd !== undefined &&
      inside(buildDir, c.cwd)
    );
  });
  if (removal)
    return decline(
      `the build tree ${buildDir} is removed after the install (\`${removal.cmd.text.slice(0, 60)}\`), so the install cannot be repeated into a staging root`,
      "remove the build tree in a later step of your own, or install into a prefix of its own, then convert",
    );
  const ldconfig =
    later.some((c) => c.cmd.name?.split("/").pop() === "ldconfig") || commands.some((c) => c.step === step && c.cmd.name?.split("/").pop() === "ldconfig");
  return {
    run: `RUN cd ${cwd} && DESTDIR=${STAGING_ROOT} ${text}`,
    artifact: { path: `${STAGING_ROOT}/`, dest: "/", why: "what the install added, installed once more into a staging root", lines: [line] },
    fixups: ldconfig ? ["RUN ldconfig"] : [],
    message: `line ${line}: the install goes into a prefix the base image shares, so the builder repeats it with DESTDIR=${STAGING_ROOT} (${why}) and the final stage copies exactly those files${ldconfig ? ", then runs ldconfig as the original did" : ""}`,
  };
}

export const isDecline = (x: StagedInstall | Decline): x is Decline => "reason" in x;
