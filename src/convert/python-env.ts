// The Python build environment inside slimstage's virtualenv. A build that runs setuptools in the environment
// itself (`pip install --no-build-isolation`, `python setup.py install|develop`) saw the base interpreter's
// setuptools and wheel in the original image; a plain `python -m venv` has no wheel (and, from Python 3.12, no
// setuptools), so such builds fail in it ("invalid command 'bdist_wheel'"). The virtualenv is then made with
// --system-site-packages, which shows it exactly what the interpreter had, in the builder and in the final stage
// (the runtime counterpart carries the same interpreter and its packages).
import type { StageAnalysis } from "../analyze/dockerfile.js";
import type { PythonDepsFact } from "../analyze/facts.js";
import type { ContextReader } from "./types.js";

export interface PythonStep {
  fact: PythonDepsFact;
  step: number;
  line: number;
}

export interface BuildEnvNeed {
  lines: number[];
  /** What needs it, in words. */
  why: string;
}

/** Packages the interpreter's own environment provides for builds: installing them only prepares that environment. */
const BUILD_ENV_PACKAGES = new Set(["pip", "setuptools", "wheel"]);

/** The requirement files a step reads that ask pip for no build isolation. */
function requirementFlags(s: PythonStep, context: ContextReader | undefined): boolean {
  return s.fact.requirements.some((r) => /^\s*--no-build-isolation\b/m.test(context?.read(r.replace(/^\.\//, "")) ?? ""));
}

/** The app's dependency steps that build in the environment itself, if any. */
export function buildEnvNeed(appDeps: PythonStep[], context: ContextReader | undefined): BuildEnvNeed | undefined {
  const hits = appDeps.filter((d) => d.fact.noBuildIsolation || d.fact.tool === "setup.py" || requirementFlags(d, context));
  if (hits.length === 0) return undefined;
  const kinds = new Set(hits.map((h) => (h.fact.tool === "setup.py" ? "`python setup.py`" : "`pip --no-build-isolation`")));
  return { lines: hits.map((h) => h.line), why: [...kinds].join(" and ") };
}

/** Whether a pip step only installs or upgrades the build environment's own tools (pip, setuptools, wheel). */
export function preparesBuildEnv(s: PythonStep): boolean {
  return (
    s.fact.tool === "pip" &&
    s.fact.packages.length > 0 &&
    s.fact.requirements.length === 0 &&
    s.fact.packages.every((p) => BUILD_ENV_PACKAGES.has(p.name.toLowerCase()))
  );
}

/**
 * The interpreter command of a Python installed from the distribution's packages (`apt-get install python3
 * python3-venv`, `apk add python3`), when it can make a virtualenv: the package stays in the final stage, which is
 * the same distribution, so the virtualenv's interpreter path resolves there too.
 */
export function distroPython(stage: StageAnalysis, before: number): string | undefined {
  // installed by a RUN before the first dependency step, where the virtualenv is made
  const names = new Set(
    stage.packages
      .filter((p) => p.class !== "build-only" && p.stage === stage.index && (stage.runs.find((r) => r.line === p.line)?.step ?? Infinity) < before)
      .map((p) => p.name),
  );
  const family = stage.baseInfo?.family ?? stage.family;
  // (Alpine's python3 and others are not known well enough yet to promise a working venv)
  if (family !== "debian" && family !== "ubuntu") return undefined;
  const python = [...names].some((n) => /^python3(\.\d+)?(-minimal|-full)?$/.test(n));
  // Debian splits venv's ensurepip into python3-venv (python3-full pulls it in)
  const venv = [...names].some((n) => /^python3(\.\d+)?-(venv|full)$/.test(n));
  return python && venv ? "python3" : undefined;
}

/**
 * A place poetry is told to put its virtualenv (`virtualenvs.in-project`, `virtualenvs.path`, by ENV or `poetry
 * config`): the image's layout depends on it (CMD .venv/bin/…), and slimstage's active /opt/venv would take its
 * place, so such a file is declined. Returns the line that says so.
 */
export function poetryVenvPlace(stage: StageAnalysis, appDeps: PythonStep[]): number | undefined {
  const byEnv = appDeps.find(
    (d) => d.fact.tool === "poetry" && ["install", "add", "sync", "update", "remove"].includes(d.fact.op) && d.fact.outputs.length > 1,
  );
  if (byEnv) return byEnv.line;
  for (const run of stage.runs) {
    for (const script of run.scripts) {
      for (const c of script.commands) {
        const argv = c.argv;
        if (
          /(^|\/)poetry$/.test(argv[0] ?? "") &&
          argv[1] === "config" &&
          argv.slice(2).some((a) => /^virtualenvs\.(in-project|path)$/.test(a)) &&
          !argv.includes("--unset")
        )
          return run.line;
      }
    }
  }
  return undefined;
}

/** Editable installs a step makes: `-e PATH` on the command line and `-e PATH` lines of its requirement files. */
export function editablePaths(fact: PythonDepsFact, context: ContextReader | undefined): string[] {
  const fromFiles = fact.requirements.flatMap((r) =>
    (context?.read(r.replace(/^\.\//, "")) ?? "")
      .split("\n")
      .map((l) => /^\s*(?:-e|--editable)[\s=]+(\S+)/.exec(l)?.[1])
      .filter((x): x is string => x !== undefined && !/^[a-z+]+:\/\//i.test(x)),
  );
  return [...fact.editable.filter((e) => !/^[a-z+]+:\/\//i.test(e)), ...fromFiles];
}
