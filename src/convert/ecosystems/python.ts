// Python: the app's dependency steps (pip, poetry, pipenv, uv) go into a virtualenv at /opt/venv in the builder,
// which the final stage copies whole and puts first on PATH; a virtualenv or --user/--prefix/--target install the
// Dockerfile makes itself is carried over as it is.
import type { Fact } from "../../analyze/facts.js";
import { buildEnvNeed, distroPython, poetryVenvPlace, preparesBuildEnv } from "../python-env.js";
import { linesText } from "../text.js";
import { empty, type FactAt, factsOf, lastOf, userAt } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";

export const python: EcosystemStrategy<"python"> = {
  id: "python",
  factKinds: ["python-deps", "python-venv"],
  languages: ["python"],
  compiled: false,
  interpreted: true,
  interpreter: /^python[0-9.]*$/,
  runtimePrograms: /^(python[0-9.]*|pip[0-9.]*|pydoc[0-9.]*)$/,
  // a virtualenv adds its own pip and setuptools, about what a pip cache weighs: leaving a cache behind is no
  // reason to split (pip's --no-cache-dir is the better fix)
  cachesAreGain: false,
  needsLibc: () => true,
  plan: (input) => planPython(input),
};

/** What `python -m venv` puts in every virtualenv. */
const VENV_OWN = new Set(["pip", "setuptools", "wheel"]);
const PYTHON_TOOLS = new Set(["poetry", "pipenv", "uv", "pip", "setuptools", "wheel", "pip-tools", "virtualenv", "poetry-plugin-export"]);

/**
 * Whether a step puts packages into the interpreter's environment: `setup.py build_ext --inplace` / `build` and
 * `pip download|wheel` only write files (next to the sources, into a wheel directory), which the app's files and
 * later install steps carry; they need no virtualenv of their own.
 */
function installsIntoEnvironment(f: Extract<Fact, { kind: "python-deps" }>): boolean {
  if (f.tool === "setup.py") return f.op !== "build";
  if (f.tool === "pip") return f.op !== "download" && f.op !== "wheel";
  return true;
}

function planPython(input: EcosystemInput): EcosystemPlan {
  const plan = empty("python");
  const facts = factsOf(input);
  const deps = facts.filter((f): f is FactAt & { fact: Extract<Fact, { kind: "python-deps" }> } => f.fact.kind === "python-deps" && f.fact.op !== "uninstall");
  const venvs = facts.filter((f) => f.fact.kind === "python-venv");
  if (deps.length === 0 && venvs.length === 0) {
    plan.decisions.push({ kind: "note", lines: [], message: "no Python dependency step: nothing to carry over besides the app files" });
    return plan;
  }
  // the user's own virtualenv, or pip --user/--prefix/--target: copy what they produce
  const own = lastOf(venvs);
  if (own && own.fact.kind === "python-venv") {
    const last = lastOf(deps) ?? own;
    // made by a USER other than root: the copy keeps that owner, as pip in the image may write to it
    const owner = userAt(input.steps, own.step);
    plan.artifacts.push({
      after: last.step,
      artifact: {
        path: own.fact.path,
        dest: own.fact.path,
        why: "the virtualenv the Dockerfile creates",
        lines: [own.line],
        ...(owner ? { chown: owner } : {}),
      },
    });
    plan.decisions.push({
      kind: "artifact",
      lines: [own.line],
      message: `line ${own.line}: the virtualenv ${own.fact.path} is built in the builder and copied whole into the final stage`,
    });
    return plan;
  }
  const placed = deps.filter((d) => d.fact.user || d.fact.prefix || d.fact.target);
  if (placed.length > 0) {
    for (const d of placed) {
      const path = d.fact.outputs.find((o) => !/\/\.cache\//.test(o)) as string;
      const owner = userAt(input.steps, d.step);
      plan.artifacts.push({
        after: lastOf(deps)!.step,
        artifact: {
          path,
          dest: path,
          why: `pip ${d.fact.user ? "--user" : d.fact.prefix ? "--prefix" : "--target"} installs`,
          lines: [d.line],
          ...(owner ? { chown: owner } : {}),
        },
      });
      plan.decisions.push({ kind: "artifact", lines: [d.line], message: `line ${d.line}: packages installed into ${path} are copied into the final stage` });
    }
    return plan;
  }
  // the app's own dependency steps go into a virtualenv at a fixed path, created right before the first of them;
  // installs of the tools themselves (pip install poetry) stay outside it
  const appDeps = deps.filter(
    (d) =>
      installsIntoEnvironment(d.fact) &&
      !(
        d.fact.tool === "pip" &&
        d.fact.packages.length > 0 &&
        d.fact.packages.every((p) => PYTHON_TOOLS.has(p.name.toLowerCase())) &&
        d.fact.requirements.length === 0
      ),
  );
  const toolInstalls = deps.filter((d) => !appDeps.includes(d));
  // pip, setuptools and wheel come with every virtualenv: leaving the system's copies behind removes nothing
  const toolNames = [...new Set(toolInstalls.flatMap((d) => d.fact.packages.map((p) => p.name.toLowerCase())))].filter((n) => !VENV_OWN.has(n));
  if (toolNames.length) plan.removes.push(`the Python tools ${toolNames.join(", ")}`);
  let first = appDeps[0];
  if (!first) return plan;
  const info = input.stage.baseInfo;
  const distro = info?.language !== "python" ? distroPython(input.stage, first.step) : undefined;
  if (info?.language !== "python" && !distro) {
    plan.declines.push({
      lines: [first.line],
      id: "python-not-official",
      reason: `line ${first.line}: Python comes from ${input.stage.baseName}'s own packages, not an official python image, so the same interpreter cannot be promised in both stages`,
      hint: input.stage.packages.some((p) => /^python3(\.\d+)?$/.test(p.name))
        ? "install python3-venv with python3, before the pip step, so a virtualenv can be made with it (Debian/Ubuntu), or build FROM python:<version>"
        : "build FROM python:<version> (and its -slim counterpart runs it), or convert by hand",
    });
    return plan;
  }
  if (info?.languageVersion?.startsWith("2")) {
    plan.declines.push({
      lines: [first.line],
      id: "python2",
      reason: `line ${first.line}: Python 2 has no venv module`,
      hint: "move to Python 3, or convert by hand",
    });
    return plan;
  }
  const user = userAt(input.steps, first.step);
  if (user) {
    plan.declines.push({
      lines: [first.line],
      id: "pip-as-user",
      reason: `line ${first.line}: Python packages are installed as user ${user}, so slimstage cannot create its virtualenv in /opt/venv`,
      hint: "install the dependencies as root (move USER below the pip step), or create a virtualenv yourself and slimstage will carry it over",
    });
    return plan;
  }
  const poetryPlace = poetryVenvPlace(input.stage, appDeps);
  if (poetryPlace !== undefined) {
    plan.declines.push({
      lines: [poetryPlace],
      id: "poetry-venv-placed",
      reason: `line ${poetryPlace}: poetry is told where to put its virtualenv (virtualenvs.in-project / virtualenvs.path), which the image may rely on; slimstage's own /opt/venv would take its place`,
      hint: "create the virtualenv yourself at a fixed path (python -m venv /app/.venv) and slimstage will carry it over",
    });
    return plan;
  }
  // builds that run setuptools in the environment itself get a virtualenv that sees the interpreter's packages
  // (python-env.ts); upgrades of pip/setuptools/wheel right before them then go into the virtualenv too
  const buildEnv = buildEnvNeed(appDeps, input.context);
  if (buildEnv) {
    const systemTools = toolInstalls.filter((t) => t.step < first!.step && !preparesBuildEnv(t));
    if (systemTools.length) {
      const t = systemTools[0]!;
      plan.declines.push({
        lines: [t.line, ...buildEnv.lines],
        id: "system-tools-visible-to-venv",
        reason: `line ${t.line}: tools installed into the system interpreter (${t.fact.packages.map((p) => p.name).join(", ")}) would be visible to the virtualenv that ${buildEnv.why} (line ${buildEnv.lines[0]}) needs to see the interpreter's own setuptools and wheel`,
        hint: "install those tools after the app's packages, or create a virtualenv yourself and slimstage will carry it over",
      });
      return plan;
    }
    const prep = toolInstalls.filter((t) => t.step < first!.step && preparesBuildEnv(t))[0];
    if (prep) first = prep;
    plan.decisions.push({
      kind: "note",
      lines: buildEnv.lines,
      message: `${linesText(buildEnv.lines)}: ${buildEnv.why} builds with the environment's own setuptools and wheel, so the virtualenv is made with --system-site-packages: it sees what ${distro ? "the system's python3" : input.stage.baseName + "'s interpreter"} had (a plain venv has no wheel, and from Python 3.12 no setuptools)${prep ? `; line ${prep.line} upgrades them inside it` : ""}`,
    });
  }
  const python = distro ?? "python";
  if (distro)
    plan.decisions.push({
      kind: "note",
      lines: [first.line],
      message: `line ${first.line}: Python is ${input.stage.baseName}'s own python3 (from its packages, kept in the final stage on the same distribution), so the virtualenv is made with python3 -m venv`,
    });
  const usesUvSync = appDeps.some((d) => d.fact.tool === "uv" && d.fact.op === "sync");
  const env = ["VIRTUAL_ENV=/opt/venv", 'PATH="/opt/venv/bin:$PATH"', ...(usesUvSync ? ["UV_PROJECT_ENVIRONMENT=/opt/venv"] : [])];
  plan.builderInserts.push({
    before: first.step,
    lines: [[`RUN ${python} -m venv${buildEnv ? " --system-site-packages" : ""} /opt/venv`], [`ENV ${env.join(" ")}`]],
    comment: "slimstage: install the Python packages into a virtualenv, which the final stage copies whole",
  });
  const last = lastOf(appDeps)!;
  plan.artifacts.push({
    after: last.step,
    artifact: {
      path: "/opt/venv",
      dest: "/opt/venv",
      why: "the virtualenv with the installed packages and their console scripts",
      lines: appDeps.map((d) => d.line),
    },
    // PATH alone: a VIRTUAL_ENV in the final image would be a config change the original did not have
    env: [`ENV PATH="/opt/venv/bin:$PATH"`],
  });
  const tools = [...new Set(appDeps.map((d) => d.fact.tool))].join(", ");
  plan.decisions.push({
    kind: "artifact",
    lines: appDeps.map((d) => d.line),
    message: `${linesText(appDeps.map((d) => d.line))}: ${tools} install into a virtualenv at /opt/venv in the builder; the final stage copies /opt/venv and puts it first on PATH (console scripts and the interpreter path keep working)`,
  });
  return plan;
}
