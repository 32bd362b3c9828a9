// pipenv install/sync (--system, --deploy, --dev) and `pipenv requirements`.
import { parseArgs } from "../args.js";
import type { PythonDepsFact } from "../facts.js";
import { base, home, packageSpec, programName, pythonModule, resolvePath, type Recognizer } from "../recognizer.js";

export const pipenv: Recognizer = {
  id: "pipenv",
  recognize(cmd, ctx) {
    const py = pythonModule(cmd);
    const args = py?.module === "pipenv" ? py.args : programName(cmd.argv[0]) === "pipenv" ? cmd.argv.slice(1) : undefined;
    if (!args) return [];
    const parsed = parseArgs(args, { values: ["-r", "--requirements", "--python", "--categories"] });
    const [sub, ...rest] = parsed.positionals;
    if (!sub || !["install", "sync", "lock", "requirements", "uninstall", "update"].includes(sub)) return [];
    const system = parsed.has("--system");
    const outputs: string[] = [];
    if (sub !== "requirements" && sub !== "lock") {
      if (!system && /^(1|true)$/i.test(ctx.env.PIPENV_VENV_IN_PROJECT ?? "")) outputs.push(resolvePath(".venv", ctx.cwd));
      outputs.push(`${home(ctx)}/.cache/pipenv`);
    }
    const fact: PythonDepsFact = {
      ...base("pipenv", cmd, sub !== "requirements", outputs),
      kind: "python-deps",
      tool: "pipenv",
      op: sub,
      packages: rest.map((p) => packageSpec(p, "pip")),
      requirements: parsed.all("-r", "--requirements"),
      constraints: [],
      editable: [],
      localPaths: [],
      user: false,
      noCacheDir: false,
      noDev: !parsed.has("--dev", "-d"),
      system,
    };
    return [fact];
  },
};
