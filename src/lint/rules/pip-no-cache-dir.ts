import { cacheMountOn, defineRule, hasFlag, imageStages, insertAfter } from "../helpers.js";
import { pipInstalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "pip-no-cache-dir",
    aliases: ["DL3042"],
    source: "hadolint",
    severity: "warning",
    category: "size",
    summary: "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`",
    rationale:
      "pip keeps every downloaded wheel in ~/.cache/pip; in an image that cache is dead weight. Checked in stages that end up in the image, unless PIP_NO_CACHE_DIR is set, the RUN mounts a cache, or removes the cache.",
    examples: { bad: "FROM python:3.12\nRUN pip install flask==3.0.0\n", good: "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0\n" },
    fixable: true,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3042",
  },
  check(ctx) {
    const shipped = imageStages(ctx);
    for (const r of pipInstalls(ctx)) {
      if (!shipped.has(r.stage.index) || hasFlag(r.cmd, undefined, ["--no-cache-dir", "--no-cache"])) continue;
      const env = { ...r.stage.runtime.env, ...Object.fromEntries(r.cmd.assignments.map((a) => [a.name, a.value?.value ?? ""])) };
      const v = env.PIP_NO_CACHE_DIR;
      if (v !== undefined && !/^(0|false|no|off)$/i.test(v)) continue;
      if (
        cacheMountOn(ctx, r.run, r.stage.index, ["/root/.cache", "/home"]) ||
        r.run.facts.some((f) => f.value.kind === "cache-cleanup" && (f.value.owner === "pip" || f.value.paths.some((p) => p.includes(".cache"))))
      )
        continue;
      const sub = r.cmd.words[r.sub];
      const fix =
        sub && !sub.dynamic && r.raw.words.includes(sub)
          ? { fix: { title: "add --no-cache-dir", edits: [insertAfter(r.wordRange(sub), " --no-cache-dir")] } }
          : {};
      ctx.report({ range: r.range, message: "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`", ...fix });
    }
  },
  tests: {
    valid: [
      "FROM python\nRUN pip install --no-cache-dir flask\n",
      "FROM python\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
      "FROM python AS b\nRUN pip wheel x && pip install flask\nFROM python\nCOPY --from=b /x /x\n",
      "FROM python\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
    ],
    invalid: [
      {
        code: "FROM python\nRUN python -m pip install -r requirements.txt\n",
        errors: [{ line: 2, column: 5, endColumn: 46 }],
        output: "FROM python\nRUN python -m pip install --no-cache-dir -r requirements.txt\n",
      },
    ],
  },
});
