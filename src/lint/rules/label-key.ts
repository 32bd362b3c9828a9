import { defineRule, sourceOf, stepsOfKind } from "../helpers.js";
import { tokenRange } from "../locate.js";

/** Why a label key breaks Docker's key format guidelines, or undefined. */
function labelKeyProblem(key: string): string | undefined {
  if (/^(com\.docker|io\.docker|org\.dockerproject)\./.test(key)) return "uses a namespace reserved by Docker";
  if (!/^[a-z0-9.-]+$/.test(key)) return "has characters other than lowercase letters, digits, `.` and `-`";
  if (!/^[a-z]/.test(key) || !/[a-z0-9]$/.test(key)) return "must start with a lowercase letter and end with a letter or digit";
  if (/[.-]{2}/.test(key)) return "has consecutive separators";
  return undefined;
}

export default defineRule({
  meta: {
    id: "label-key",
    aliases: ["DL3048"],
    source: "hadolint",
    severity: "style",
    category: "maintainability",
    summary: "Invalid label key",
    rationale:
      "Docker's guidelines for label keys: lowercase letters, digits, `.` and `-`, starting with a letter, no repeated separators, and not the reserved `com.docker.*`, `io.docker.*`, `org.dockerproject.*` namespaces. Tools that read labels (registries, scanners) expect that form. Keys built from variables are not checked.",
    examples: { bad: "FROM alpine\nLABEL Maintainer=me\n", good: "FROM alpine\nLABEL org.opencontainers.image.authors=me\n" },
    fixable: false,
    needs: "model",
    url: "https://github.com/hadolint/hadolint/wiki/DL3048",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const { ins } of stepsOfKind(ctx, "LABEL")) {
      for (const { key } of ins.pairs) {
        const problem = key.includes("$") ? undefined : labelKeyProblem(key);
        if (problem) ctx.report({ range: tokenRange(src, ins.node, key), message: `Invalid label key \`${key}\`: ${problem}` });
      }
    }
  },
  tests: {
    valid: ['FROM alpine\nLABEL org.opencontainers.image.version=1 maintainer=me version="1.0" ${K}=v\n'],
    invalid: [
      { code: "FROM alpine\nLABEL MAINTAINER=me\n", errors: [{ line: 2, column: 7, endColumn: 17, message: "lowercase" }] },
      { code: "FROM alpine\nLABEL a=1 com.docker.x=2\n", errors: [{ line: 2, column: 11, endColumn: 23, message: "reserved" }] },
    ],
  },
});
