import { defineRule } from "../helpers.js";

export default defineRule({
  meta: {
    id: "InvalidDefinitionDescription",
    aliases: [],
    source: "buildkit",
    severity: "style",
    category: "buildkit",
    summary: "Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`",
    rationale:
      "BuildKit (experimental) reads the comment right above a named stage or an ARG as its description (`docker buildx build --call=outline`); it must start with the name. Put an empty comment line (`#`) between them when the comment is not a description. Experimental in BuildKit; style severity here.",
    examples: { bad: "# the build stage\nFROM alpine AS build\n", good: "# build compiles the app\nFROM alpine AS build\n" },
    fixable: false,
    needs: "tree",
    experimental: true,
    url: "https://docs.docker.com/go/dockerfile/rule/invalid-definition-description/",
  },
  check(ctx) {
    for (const node of ctx.tree.instructions) {
      const last = node.comments.at(-1);
      if (last === undefined) continue;
      let keys: string[] = [];
      if (node.name === "from" && node.args.length === 3) keys = [node.args[2] as string];
      else if (node.name === "arg") keys = node.args.map((a) => a.split("=")[0] as string);
      if (keys.length === 0 || keys.includes(last.split(" ")[0] as string)) continue;
      ctx.report({
        range: node.keywordRange,
        message: `Comment for ${node.name.toUpperCase()} should follow the format: \`# ${keys.length > 1 ? "<arg_key>" : keys[0]} <description>\``,
      });
    }
  },
  tests: {
    valid: ["# base is the base\nFROM alpine AS base\n", "# a comment\n#\nARG X\nFROM alpine\n"],
    invalid: [{ code: "# the version\nARG VERSION=1\nFROM alpine\n", errors: [{ line: 2, column: 1, message: "`# VERSION <description>`" }] }],
  },
});
