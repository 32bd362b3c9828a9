// poetry install/add/lock/export/build, with --no-root, --only main, --without dev, --no-dev.
import { parseArgs } from "../args.js";
import type { PythonDepsFact } from "../facts.js";
import { base, home, packageSpec, programName, pythonModule, resolvePath, type Recognizer } from "../recognizer.js";

export const poetry: Recognizer = {
  id: "poetry",
  recognize(cmd, ctx) {
    const py = pythonModule(cmd);
    const args = py?.module === "poetry" ? py.args : programName(cmd.argv[0]) === "poetry" ? cmd.argv.slice(1) : undefined;
    if (!args) return [];
    const parsed = parseArgs(args, {
      values: ["--only", "--with", "--without", "-E", "--extras", "-o", "--output", "-f", "--format", "-C", "--directory", "-P", "--project", "-G", "--group"],
    });
    const [sub, ...rest] = parsed.positionals;
    if (sub === "config" || sub === "--version" || sub === undefined) return [];
    if (!["install", "add", "remove", "lock", "export", "update", "sync", "build"].includes(sub)) return [];
    const createVenv = !/^(false|0)$/i.test(ctx.env.POETRY_VIRTUALENVS_CREATE ?? "true");
    const inProject = /^(true|1)$/i.test(ctx.env.POETRY_VIRTUALENVS_IN_PROJECT ?? "");
    const outputs: string[] = [];
    if (sub === "export") {
      const out = parsed.get("-o", "--output");
      if (out) outputs.push(resolvePath(out, ctx.cwd));
    } else if (sub === "build") {
      outputs.push(resolvePath("dist", ctx.cwd));
    } else if (sub !== "lock") {
      if (createVenv && inProject) outputs.push(resolvePath(".venv", ctx.cwd));
      else if (createVenv && ctx.env.POETRY_VIRTUALENVS_PATH) outputs.push(ctx.env.POETRY_VIRTUALENVS_PATH);
      outputs.push(ctx.env.POETRY_CACHE_DIR ?? `${home(ctx)}/.cache/pypoetry`);
    }
    const only = parsed.all("--only");
    const without = parsed.all("--without");
    const fact: PythonDepsFact = {
      ...base("poetry", cmd, sub !== "export" && sub !== "build" && !parsed.has("--offline"), outputs),
      kind: "python-deps",
      tool: "poetry",
      op: sub,
      packages: sub === "add" || sub === "remove" ? rest.map((p) => packageSpec(p, "pip")) : [],
      requirements: [],
      constraints: [],
      editable: [],
      localPaths: [],
      user: false,
      noCacheDir: ctx.env.POETRY_CACHE_DIR === "/dev/null" || parsed.has("--no-cache"),
      noDev: parsed.has("--no-dev") || only.some((o) => o.split(",").includes("main")) || without.some((w) => w.split(",").includes("dev")),
      system: !createVenv,
    };
    return [fact];
  },
};
