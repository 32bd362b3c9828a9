import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "StageNameCasing",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Stage names should be lowercase",
    rationale:
      "BuildKit lower-cases stage names, so `FROM x AS Builder` is referred to as `builder`. Writing the name in lowercase keeps what you read and what BuildKit uses the same.",
    examples: { bad: "FROM alpine AS BuilderBase\n", good: "FROM alpine AS builder-base\n" },
    fixable: true,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/stage-name-casing/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const node of ctx.tree.instructions) {
      if (node.name !== "from" || node.args.length !== 3) continue;
      const name = node.args[2] as string;
      if (name === name.toLowerCase()) continue;
      const range = tokenRange(src, node, name);
      ctx.report({
        range,
        message: `Stage name '${name}' should be lowercase`,
        fix: { title: "lowercase the stage name", edits: [{ range, text: name.toLowerCase() }] },
      });
    }
  },
  tests: {
    valid: ["FROM alpine AS build\n", "FROM alpine\n", "FROM alpine as build-1\n"],
    invalid: [
      {
        code: "FROM alpine AS Build\n",
        errors: [{ line: 1, column: 16, endLine: 1, endColumn: 21, message: "Stage name 'Build' should be lowercase" }],
        output: "FROM alpine AS build\n",
      },
      {
        code: "FROM a AS x\nFROM alpine \\\n  AS MyStage\nRUN true\n",
        errors: [{ line: 3, column: 6 }],
        output: "FROM a AS x\nFROM alpine \\\n  AS mystage\nRUN true\n",
      },
    ],
  },
});
