import ignore from "ignore";
import { posix } from "node:path";
import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

/**
 * Docker's .dockerignore patterns are rooted at the context (`*.md` matches only at the top, unlike gitignore), so
 * every pattern is anchored with a leading `/` before the gitignore matcher sees it; `!` re-includes keep their mark.
 */
function dockerMatcher(lines: readonly string[]): (path: string) => boolean {
  const patterns: string[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const negated = line.startsWith("!");
    const body = posix
      .normalize((negated ? line.slice(1) : line).trim())
      .replace(/^\/+/, "")
      .replace(/^\.\/?/, "");
    if (body === "" || body === ".") continue;
    patterns.push(`${negated ? "!" : ""}/${body}`);
  }
  const ig = ignore().add(patterns);
  return (path) => ig.ignores(path);
}

/** The context-relative path of a COPY/ADD source, or undefined when it cannot be matched literally. */
function contextPath(source: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^git@/.test(source)) return undefined; // URLs and git remotes
  if (/[*?[$\\]/.test(source)) return undefined; // wildcards and unresolved variables
  const p = posix.normalize(source).replace(/^\/+/, "").replace(/\/+$/, "");
  if (p === "" || p === "." || p === ".." || p.startsWith("../")) return undefined;
  return p;
}

export default defineRule({
  meta: {
    id: "CopyIgnoredFile",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Attempting to Copy file that is excluded by .dockerignore",
    rationale:
      "A COPY or ADD source from the build context that `.dockerignore` excludes is never sent to the builder, so the build fails or copies less than the Dockerfile says. " +
      "slimstage reads the `.dockerignore` of the context (the Dockerfile's directory, or `--context DIR`; `<Dockerfile>.dockerignore` next to the Dockerfile wins, as in BuildKit) and passes its lines in through the `dockerignore` lint option; without them the rule reports nothing. " +
      "Matching uses gitignore semantics with every pattern anchored at the context root, which is what Docker does for plain patterns. Differences: Docker can re-include (`!pattern`) a file inside an excluded directory and gitignore cannot, so such a file is still reported; sources with wildcards or variables, URLs, and `COPY --from` sources are not checked. " +
      "Experimental in BuildKit, so off unless selected (`--only CopyIgnoredFile`, or a severity in the config).",
    examples: {
      bad: "FROM alpine\nCOPY secrets/key.pem /etc/app/\n",
      good: "FROM alpine\nCOPY src/ /app/\n",
      options: { dockerignore: ["secrets", "*.log"] },
    },
    fixable: false,
    needs: "model",
    experimental: true,
    url: "https://docs.docker.com/go/dockerfile/rule/copy-ignored-file/",
  },
  check(ctx) {
    const lines = ctx.options.dockerignore;
    if (!lines || lines.length === 0) return;
    const ignored = dockerMatcher(lines);
    const src = sourceOf(ctx);
    for (const stage of ctx.model.stages) {
      for (const step of stage.steps) {
        const ins = step.instruction;
        if (ins.kind !== "COPY" && ins.kind !== "ADD") continue;
        if (ins.kind === "COPY" && ins.from !== undefined) continue;
        const written = ins.sources;
        const expanded = step.expanded.sources ?? written;
        expanded.forEach((source, i) => {
          const path = contextPath(source);
          if (path === undefined || !ignored(path)) return;
          const verb = ins.kind === "COPY" ? "Copy" : "Add";
          ctx.report({
            range: tokenRange(src, ins.node, written[i] ?? source),
            message: `Attempting to ${verb} file "${source}" that is excluded by .dockerignore`,
          });
        });
      }
    }
  },
  tests: {
    valid: [
      "FROM alpine\nCOPY secrets/key.pem /x/\n",
      { code: "FROM alpine\nCOPY src/ /app/\nCOPY --from=busybox /bin/sh /bin/\n", options: { dockerignore: ["bin", "*.log"] } },
      { code: "FROM alpine\nCOPY docs/a.md /x/\n", options: { dockerignore: ["*.md"] } },
      { code: "FROM alpine\nCOPY keep.log /x/\n", options: { dockerignore: ["*.log", "!keep.log"] } },
      { code: "FROM alpine\nCOPY *.log /x/\nADD https://example.com/a.log /x/\n", options: { dockerignore: ["*.log"] } },
    ],
    invalid: [
      {
        code: "FROM alpine\nCOPY secrets/key.pem /x/\n",
        options: { dockerignore: ["# comment", "secrets"] },
        errors: [{ line: 2, column: 6, endColumn: 21, message: 'Attempting to Copy file "secrets/key.pem" that is excluded by .dockerignore' }],
      },
      {
        code: "FROM alpine\nADD ./a.log b.txt /x/\n",
        options: { dockerignore: ["*.log"] },
        errors: [{ line: 2, column: 5, message: 'Attempting to Add file "./a.log"' }],
      },
      { code: "FROM alpine\nCOPY docs/a.md /x/\n", options: { dockerignore: ["**/*.md"] }, errors: [{ line: 2, column: 6, message: '"docs/a.md"' }] },
    ],
  },
});
