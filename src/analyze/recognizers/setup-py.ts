// `python setup.py install|develop|build_ext --inplace|bdist_wheel …`: setuptools run directly, in the
// interpreter's own environment (its setuptools and wheel, no isolation). `develop` and `build_ext --inplace`
// leave the installed code in the source directory, like an editable install.
import type { PythonDepsFact } from "../facts.js";
import { base, programName, resolvePath, venvOf, type Recognizer } from "../recognizer.js";

const INSTALLING = new Set(["install", "develop", "build_ext", "build", "bdist_wheel", "bdist_egg", "sdist", "egg_info"]);

export const setupPy: Recognizer = {
  id: "setup.py",
  recognize(cmd, ctx) {
    if (!/^python[0-9.]*$/.test(programName(cmd.argv[0]))) return [];
    const i = cmd.argv.findIndex((a, k) => k > 0 && !a.startsWith("-"));
    const script = i > 0 ? cmd.argv[i]! : "";
    if (programName(script) !== "setup.py") return [];
    const commands = cmd.argv.slice(i + 1).filter((a) => !a.startsWith("-"));
    const op = commands.find((c) => INSTALLING.has(c));
    if (!op) return [];
    const dir = resolvePath(script.includes("/") ? script.replace(/\/?setup\.py$/, "") || "." : ".", ctx.cwd);
    const inPlace = commands.includes("develop") || (commands.includes("build_ext") && cmd.argv.some((a) => a === "--inplace" || a === "-i"));
    const installs = commands.includes("install") || commands.includes("develop");
    const venv = venvOf(cmd.argv[0]!) ?? (ctx.env.VIRTUAL_ENV || undefined);
    const fact: PythonDepsFact = {
      ...base("setup.py", cmd, installs, installs && venv ? [venv] : []),
      kind: "python-deps",
      tool: "setup.py",
      op: inPlace && !installs ? "build" : installs ? (commands.includes("develop") ? "develop" : "install") : "build",
      packages: [],
      requirements: [],
      constraints: [],
      editable: inPlace ? [dir] : [],
      localPaths: installs && !inPlace ? [dir] : [],
      user: cmd.argv.includes("--user"),
      noCacheDir: true,
      noBuildIsolation: true,
    };
    if (venv) fact.venv = venv;
    return [fact];
  },
};
