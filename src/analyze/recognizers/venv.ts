// Virtual environments: `python -m venv PATH`, `virtualenv PATH`, `uv venv [PATH]`.
import { parseArgs } from "../args.js";
import { base, programName, pythonModule, resolvePath, type Recognizer } from "../recognizer.js";

export const venv: Recognizer = {
  id: "venv",
  recognize(cmd, ctx) {
    const py = pythonModule(cmd);
    let tool: "venv" | "virtualenv" | "uv";
    let args: string[];
    if (py && (py.module === "venv" || py.module === "virtualenv")) {
      tool = py.module;
      args = py.args;
    } else if (programName(cmd.argv[0]) === "virtualenv") {
      tool = "virtualenv";
      args = cmd.argv.slice(1);
    } else if (programName(cmd.argv[0]) === "uv" && cmd.argv[1] === "venv") {
      tool = "uv";
      args = cmd.argv.slice(2);
    } else {
      return [];
    }
    const parsed = parseArgs(args, { values: ["-p", "--python", "--prompt", "--seed", "--index-url", "--extra-index-url"] });
    const dir = parsed.positionals[0] ?? (tool === "uv" ? ".venv" : undefined);
    if (dir === undefined) return [];
    const path = resolvePath(dir, ctx.cwd);
    // virtualenv and uv may fetch seed packages; `python -m venv` runs ensurepip from the interpreter's wheels.
    return [{ ...base("venv", cmd, false, [path]), kind: "python-venv", tool, path }];
  },
};
