import type { PythonDepsFact } from "../../analyze/facts.js";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";
import { copiesIntoImage, normPath } from "../stage-facts.js";

// requirements-dev.txt, dev-requirements.txt, requirements/test.txt, requirements_dev.in …
const DEV_FILE = /(^|[/_.-])(dev|develop|development|test|tests|testing|lint|ci)([/_.-]|$)/i;
// `.[dev]`, `-e .[test,docs]`
const DEV_EXTRA = /\[([^\]]*,)?\s*(dev|test|tests|testing|lint)\s*(,[^\]]*)?\]$/i;

/** What makes an install a dev install, or undefined. */
function devReason(f: PythonDepsFact): string | undefined {
  const file = f.requirements.find((r) => DEV_FILE.test(r.slice(r.lastIndexOf("/") === -1 ? 0 : r.lastIndexOf("/"))) || /requirements\/(dev|test)/.test(r));
  if (file) return `-r ${file}`;
  const extra = [...f.localPaths, ...f.editable, ...f.packages.map((p) => p.name)].find((p) => DEV_EXTRA.test(p));
  return extra;
}

/** Where the install put the packages. */
function landing(f: PythonDepsFact): string {
  return f.venv ?? f.prefix ?? f.target ?? (f.user ? "/root/.local" : "/usr/local");
}

export default defineRule({
  meta: {
    id: "python-dev-dependencies-copied",
    aliases: [],
    source: "slimstage",
    severity: "warning",
    category: "multi-stage",
    summary: "`COPY --from` brings Python packages installed from a dev/test requirements file or extra into the final image",
    rationale:
      "The builder installed development requirements (`pip install -r requirements-dev.txt`, `pip install .[dev]`) into the environment the final stage copies (the virtualenv, `--prefix`/`--target` directory, `~/.local` or `/usr/local`): test runners, linters and type checkers ship with the application. Install the runtime requirements into the environment you copy and the dev ones elsewhere (or in a test stage). Reported only when the requirement file's name or the extra says dev/test and the copied path is (inside or a parent of) where that install landed.",
    examples: {
      bad: 'FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nCOPY requirements*.txt .\nRUN /opt/venv/bin/pip install -r requirements.txt -r requirements-dev.txt\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nCMD ["/opt/venv/bin/python", "-m", "app"]\n',
      good: 'FROM python:3.12 AS build\nRUN python -m venv /opt/venv\nCOPY requirements.txt .\nRUN /opt/venv/bin/pip install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=build /opt/venv /opt/venv\nCMD ["/opt/venv/bin/python", "-m", "app"]\n',
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const c of copiesIntoImage(ctx)) {
      const installs = c.fromAnalysis.runs
        .flatMap((r) => r.facts.map((f) => ({ fact: f.value, line: r.line })))
        .filter((f): f is { fact: PythonDepsFact; line: number } => f.fact.kind === "python-deps" && f.fact.op === "install");
      const dev = installs.map((i) => ({ ...i, reason: devReason(i.fact) })).filter((i) => i.reason !== undefined);
      if (dev.length === 0) continue;
      c.sources.forEach((s, i) => {
        const p = normPath(s, c.from.workdir);
        const hit = dev.find((d) => {
          const to = landing(d.fact);
          return p === to || p.startsWith(to + "/") || (p !== "/" && to.startsWith(p + "/"));
        });
        if (!hit) return;
        ctx.report({
          range: tokenRange(src, c.ins.node, c.ins.sources[i] as string),
          message: `copies ${p} from stage ${c.ins.from}, where \`pip install ${hit.reason}\` (line ${hit.line}) installed development packages into it: install them elsewhere or in a test stage`,
        });
      });
    }
  },
  tests: {
    valid: [
      "FROM python:3.12 AS b\nRUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt\nRUN pip install -r requirements-dev.txt\nFROM python:3.12-slim\nCOPY --from=b /opt/venv /opt/venv\n",
      "FROM python:3.12 AS b\nRUN pip install --prefix=/install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=b /install /usr/local\n",
    ],
    invalid: [
      {
        code: "FROM python:3.12 AS b\nRUN pip install --prefix=/install -r requirements/dev.txt\nFROM python:3.12-slim\nCOPY --from=b /install /usr/local\n",
        errors: [{ line: 4, column: 15, endColumn: 23, message: "`pip install -r requirements/dev.txt` (line 2)" }],
      },
      {
        code: "FROM python:3.12 AS b\nWORKDIR /src\nRUN pip install --user '.[test]'\nFROM python:3.12-slim\nCOPY --from=b /root/.local /root/.local\n",
        errors: [{ line: 5, column: 15, endColumn: 27, message: "installed development packages" }],
      },
    ],
  },
});
