// The layering the README's Architecture section describes, checked on every import in src/ (tests excluded:
// a test may reach across layers to check that they agree). A failure names the file and the line of the
// imported module name.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/shared.js";

const SRC = join(REPO_ROOT, "src");

/**
 * What each layer may import (besides itself). A layer is a directory under src/, or a top-level file:
 * cli → report → convert-verify → convert / verify → analyze → model → syntax → shell, with knowledge (data),
 * engine and image (the edges with side effects) and errors.ts at the bottom.
 */
const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  "errors.ts": [],
  // small helpers over arrays with no dependencies, usable from every layer
  "arrays.ts": [],
  // argument checks shared by the CLI and the library; and what an interrupted run removes (edges only)
  "validate.ts": ["errors.ts", "arrays.ts"],
  "cleanup.ts": [],
  shell: ["errors.ts", "arrays.ts"],
  syntax: ["shell", "errors.ts", "arrays.ts"],
  model: ["syntax", "shell", "errors.ts", "arrays.ts"],
  knowledge: ["errors.ts", "arrays.ts"],
  analyze: ["model", "syntax", "shell", "knowledge", "errors.ts", "arrays.ts"],
  engine: ["cleanup.ts", "errors.ts", "arrays.ts"],
  image: ["cleanup.ts", "errors.ts", "arrays.ts"],
  lint: ["analyze", "model", "syntax", "shell", "knowledge", "validate.ts", "errors.ts", "arrays.ts"],
  convert: ["analyze", "model", "syntax", "shell", "knowledge", "validate.ts", "errors.ts", "arrays.ts"],
  verify: ["analyze", "model", "syntax", "shell", "knowledge", "engine", "image", "validate.ts", "errors.ts", "arrays.ts"],
  "convert-verify": ["convert", "verify", "analyze", "model", "syntax", "shell", "knowledge", "engine", "image", "validate.ts", "errors.ts", "arrays.ts"],
  report: [
    "lint",
    "convert-verify",
    "convert",
    "verify",
    "analyze",
    "model",
    "syntax",
    "shell",
    "knowledge",
    "engine",
    "image",
    "validate.ts",
    "errors.ts",
    "arrays.ts",
  ],
  cli: [
    "lint",
    "report",
    "convert-verify",
    "convert",
    "verify",
    "analyze",
    "model",
    "syntax",
    "shell",
    "knowledge",
    "engine",
    "image",
    "validate.ts",
    "cleanup.ts",
    "errors.ts",
    "arrays.ts",
  ],
  // the library API re-exports every layer below the CLI
  "index.ts": [
    "lint",
    "report",
    "convert-verify",
    "convert",
    "verify",
    "analyze",
    "model",
    "syntax",
    "shell",
    "knowledge",
    "engine",
    "image",
    "validate.ts",
    "cleanup.ts",
    "errors.ts",
    "arrays.ts",
  ],
};

/** Layers that may touch files, processes, the network or the environment. */
const EDGES = new Set(["cli", "engine", "image", "cleanup.ts"]);
/** Node modules with side effects (I/O, processes, network). */
const SIDE_EFFECT_MODULES = /^node:(fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|tls|os|readline|worker_threads|cluster)$/;
/** Outside the edges, only these read files: their own data shipped with the package. */
const READS_OWN_DATA: ReadonlySet<string> = new Set([
  "knowledge/debian.ts", // data/knowledge/debian-<release>.json
  "knowledge/official-images.ts", // data/knowledge/official-images.json
  "knowledge/native-packages.ts", // data/knowledge/native-packages.json
  "knowledge/php-extensions.ts", // data/knowledge/php-extensions.json
]);
const SIDE_EFFECT_GLOBALS = /\bfetch\s*\(|\bprocess\.(env|stdout|stderr|stdin|exit|cwd|chdir|kill)\b/;

export interface Violation {
  where: string;
  message: string;
}

/** The layer of a path relative to src/ ("analyze/recognizers/pip.ts" → "analyze", "errors.ts" → "errors.ts"). */
export function layerOf(path: string): string {
  const i = path.indexOf("/");
  return i < 0 ? path : path.slice(0, i);
}

function lineOf(text: string, pos: number): number {
  return text.slice(0, pos).split("\n").length;
}

/** Every import of one file that breaks the layering; `file` is relative to src/. */
export function layerViolations(file: string, text: string): Violation[] {
  const from = layerOf(file);
  const allowed = MAY_IMPORT[from];
  const out: Violation[] = [];
  if (!allowed)
    return [{ where: `src/${file}:1`, message: `${from} is not a known layer: add it to the table in test/architecture/layers.test.ts and the README` }];
  const info = ts.preProcessFile(text, true, true);
  for (const ref of info.importedFiles) {
    const spec = ref.fileName;
    const where = `src/${file}:${lineOf(text, ref.pos)}`;
    if (spec.startsWith(".")) {
      const target = relative(SRC, resolve(SRC, dirname(file), spec)).replace(/\\/g, "/");
      if (target.startsWith("..")) {
        out.push({ where, message: `imports ${spec}, outside src/` });
        continue;
      }
      const to = layerOf(target.replace(/\.js$/, ".ts"));
      if (to !== from && !allowed.includes(to))
        out.push({ where, message: `${from} imports ${to} (${spec}); ${from} may import ${allowed.join(", ") || "nothing"}` });
    } else if (SIDE_EFFECT_MODULES.test(spec) && !EDGES.has(from) && !(READS_OWN_DATA.has(file) && /^node:fs/.test(spec))) {
      out.push({ where, message: `${spec} outside the edges (cli, engine, image): side effects belong there` });
    }
  }
  if (!EDGES.has(from)) {
    text.split("\n").forEach((line, i) => {
      if (/^\s*(\/\/|\*)/.test(line)) return;
      const m = SIDE_EFFECT_GLOBALS.exec(line);
      if (m) out.push({ where: `src/${file}:${i + 1}`, message: `${m[0]} outside the edges (cli, engine, image)` });
    });
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts"))
    .map((e) => relative(SRC, join(e.parentPath, e.name)).replace(/\\/g, "/"))
    .sort();
}

describe("layers", () => {
  const files = sourceFiles(SRC);

  it("reads the whole tree", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain("cli/main.ts");
  });

  it("every import in src/ follows the layering (report the file:line of any that does not)", () => {
    const violations = files.flatMap((f) => layerViolations(f, readFileSync(join(SRC, f), "utf8")));
    expect(violations.map((v) => `${v.where}: ${v.message}`)).toEqual([]);
  });

  it("catches an upward import, a side effect below the edges and an unknown layer, with the line", () => {
    const text =
      'import { a } from "./a.js";\n\nimport type {\n  Colors,\n} from "../cli/io.js";\nimport { readFileSync } from "node:fs";\nconst x = process.env.HOME;\n';
    expect(layerViolations("report/analyze.ts", text)).toEqual([
      {
        where: "src/report/analyze.ts:5",
        message:
          "report imports cli (../cli/io.js); report may import lint, convert-verify, convert, verify, analyze, model, syntax, shell, knowledge, engine, image, validate.ts, errors.ts, arrays.ts",
      },
      { where: "src/report/analyze.ts:6", message: "node:fs outside the edges (cli, engine, image): side effects belong there" },
      { where: "src/report/analyze.ts:7", message: "process.env outside the edges (cli, engine, image)" },
    ]);
    expect(layerViolations("knowledge/index.ts", 'export { x } from "../analyze/facts.js";\n')[0]?.where).toBe("src/knowledge/index.ts:1");
    expect(layerViolations("verify/run-probes.ts", 'const r = await fetch("http://x");\n')[0]?.message).toMatch(/^fetch\s*\( outside the edges/);
    expect(layerViolations("cli/io.ts", 'import { readFileSync } from "node:fs";\nimport { x } from "../report/colors.js";\n')).toEqual([]);
    expect(layerViolations("plugins/x.ts", "")[0]?.message).toMatch(/not a known layer/);
  });
});

describe("cli commands", () => {
  const dir = join(SRC, "cli", "commands");
  const commands = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "index.ts");

  /** Imports of one command file that reach another command's module. */
  function crossImports(name: string, text: string): string[] {
    return ts
      .preProcessFile(text, true, true)
      .importedFiles.filter((r) => r.fileName.startsWith("./"))
      .map(
        (r) => `src/cli/commands/${name}:${lineOf(text, r.pos)}: imports ${r.fileName}; shared code belongs in src/cli (engine-options.ts, probe-options.ts …)`,
      );
  }

  it("do not import each other (only commands/index.ts lists them)", () => {
    expect(commands.length).toBeGreaterThanOrEqual(7);
    expect(commands.flatMap((c) => crossImports(c, readFileSync(join(dir, c), "utf8")))).toEqual([]);
  });

  it("the check sees a command importing another", () => {
    expect(crossImports("convert.ts", 'import { x } from "../io.js";\nimport { engineFor } from "./build.js";\n')).toEqual([
      "src/cli/commands/convert.ts:2: imports ./build.js; shared code belongs in src/cli (engine-options.ts, probe-options.ts …)",
    ]);
  });
});
