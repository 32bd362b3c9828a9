import { defineRule } from "../helpers.js";
import { PIP_VALUE_OPTIONS } from "../../analyze/recognizers/pip.js";
import { operands, pipInstalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "pip-pin-versions",
    aliases: ["DL3013"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary:
      "Pin versions in pip. Instead of `pip install <package>` use `pip install <package>==<version>` or `pip install --requirement <requirements file>`",
    rationale: "An unpinned package installs the newest release on build day; a new major version can break the image without any change to the Dockerfile.",
    examples: { bad: "FROM python:3.12\nRUN pip install --no-cache-dir flask\n", good: "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.0\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3013",
  },
  check(ctx) {
    for (const r of pipInstalls(ctx)) {
      // `pip install --upgrade pip` is a tool update, not a dependency (hadolint skips it too)
      for (const w of operands(r, PIP_VALUE_OPTIONS)) {
        const v = w.value;
        if (
          w.dynamic ||
          /[=<>~!@]/.test(v) ||
          v.includes("/") ||
          v.startsWith(".") ||
          /\.(whl|tar\.gz|zip)$/.test(v) ||
          /^(pip|setuptools|wheel)$/i.test(v) ||
          v.includes("://")
        )
          continue;
        ctx.report({ range: r.wordRange(w), message: `Pin versions in pip: \`${v}\` has no version (\`${v}==<version>\`)` });
      }
    }
  },
  tests: {
    valid: ["FROM python\nRUN pip install flask==3.0 'requests>=2' -r req.txt . ./pkg dist/x.whl && pip install -U pip setuptools\n"],
    invalid: [
      {
        code: "FROM python\nRUN pip3 install --no-cache-dir -i https://x/simple flask gunicorn==21\n",
        errors: [{ line: 2, column: 53, endColumn: 58, message: "`flask`" }],
      },
    ],
  },
});
