// uv: `uv pip install …` (pip semantics), `uv sync` (project .venv, --no-dev, --frozen), `uv add`; `uv venv` is
// the venv recogniser's; `uv cache clean` is cleanup.
import { parseArgs } from "../args.js";
import type { PythonDepsFact } from "../facts.js";
import { base, home, packageSpec, programName, resolvePath, type Recognizer } from "../recognizer.js";
import { pipFact } from "./pip.js";

export const uv: Recognizer = {
  id: "uv",
  recognize(cmd, ctx) {
    if (programName(cmd.argv[0]) !== "uv") return [];
    const parsed = parseArgs(cmd.argv.slice(1), {
      values: [
        "--python",
        "-p",
        "--project",
        "--directory",
        "--group",
        "--only-group",
        "--no-group",
        "--extra",
        "--package",
        "--cache-dir",
        "--index-url",
        "--extra-index-url",
        "-r",
        "--requirements",
      ],
      stopAtPositional: true,
    });
    const [sub, ...rest] = parsed.positionals;
    const python = parsed.get("--python", "-p");
    const venv = python?.startsWith("/") && !python.includes("/bin/") ? python : undefined;
    if (sub === "pip") {
      const facts = pipFact("uv", "uv", cmd, ctx, rest, venv ?? ctx.env.VIRTUAL_ENV ?? ctx.env.UV_PROJECT_ENVIRONMENT);
      return facts;
    }
    if (sub === "cache" && (rest[0] === "clean" || rest[0] === "prune")) {
      return [{ ...base("uv", cmd), kind: "cache-cleanup", owner: "pip", paths: [ctx.env.UV_CACHE_DIR ?? `${home(ctx)}/.cache/uv`] }];
    }
    if (sub !== "sync" && sub !== "add" && sub !== "remove" && sub !== "lock" && sub !== "export") return [];
    const opts = parseArgs(rest, { values: ["--group", "--only-group", "--no-group", "--extra", "--package", "-o", "--output-file", "--python", "-p"] });
    const noCache = opts.has("--no-cache") || parsed.has("--no-cache") || /^(1|true)$/i.test(ctx.env.UV_NO_CACHE ?? "");
    const outputs: string[] = [];
    if (sub === "sync" || sub === "add" || sub === "remove") {
      outputs.push(ctx.env.UV_PROJECT_ENVIRONMENT ? resolvePath(ctx.env.UV_PROJECT_ENVIRONMENT, ctx.cwd) : resolvePath(".venv", ctx.cwd));
    }
    if (sub === "export") {
      const out = opts.get("-o", "--output-file");
      if (out) outputs.push(resolvePath(out, ctx.cwd));
    }
    if (!noCache && sub !== "export") outputs.push(ctx.env.UV_CACHE_DIR ?? `${home(ctx)}/.cache/uv`);
    const fact: PythonDepsFact = {
      ...base("uv", cmd, !opts.has("--offline") && sub !== "export", outputs),
      kind: "python-deps",
      tool: "uv",
      op: sub,
      packages: sub === "add" || sub === "remove" ? opts.positionals.map((p) => packageSpec(p, "pip")) : [],
      requirements: [],
      constraints: [],
      editable: [],
      localPaths: [],
      user: false,
      noCacheDir: noCache,
      noDev: opts.has("--no-dev") || opts.all("--only-group").length > 0,
    };
    if (venv) fact.venv = venv;
    return [fact];
  },
};
