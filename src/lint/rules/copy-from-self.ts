import { defineRule } from "../helpers.js";

export default defineRule({
  meta: {
    id: "copy-from-self",
    aliases: ["DL3023"],
    source: "hadolint",
    severity: "error",
    category: "correctness",
    summary: "COPY --from cannot reference its own FROM alias",
    rationale: "A stage cannot copy from itself: BuildKit reports a circular dependency.",
    examples: { bad: "FROM alpine AS app\nCOPY --from=app /a /b\n", good: "FROM alpine AS app\nRUN cp /a /b\n" },
    fixable: false,
    // reads the syntax tree: the stage model refuses a file with this cycle
    needs: "tree",
    url: "https://github.com/hadolint/hadolint/wiki/DL3023",
  },
  check(ctx) {
    let index = -1;
    let name: string | undefined;
    for (const node of ctx.tree.instructions) {
      if (node.name === "from") {
        index++;
        name = node.args.length === 3 ? (node.args[2] as string).toLowerCase() : undefined;
        continue;
      }
      if (node.name !== "copy") continue;
      const flag = node.flags.find((f) => f.name === "from");
      const from = flag?.value?.toLowerCase();
      if (flag && from !== undefined && (from === name || from === String(index)))
        ctx.report({ range: flag.range, message: `COPY --from=${flag.value} refers to its own stage` });
    }
  },
  tests: {
    valid: ["FROM alpine AS a\nFROM alpine AS b\nCOPY --from=a /x /x\n"],
    invalid: [{ code: "FROM alpine\nFROM alpine AS b\nCOPY --from=1 /x /y\n", errors: [{ line: 3, column: 6, endColumn: 14 }] }],
  },
});
