import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

export default defineRule({
  meta: {
    id: "FromAsCasing",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "The 'as' keyword should match the case of the 'from' keyword",
    rationale: "`FROM image as name` mixes an upper-case instruction with a lower-case keyword; BuildKit accepts both, but one casing per line reads better.",
    examples: { bad: "FROM debian:bookworm as builder\n", good: "FROM debian:bookworm AS builder\n" },
    fixable: true,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const node of ctx.tree.instructions) {
      if (node.name !== "from" || node.args.length < 3) continue;
      const kw = node.keyword;
      const as = node.args[1] as string;
      const lower = kw === kw.toLowerCase();
      const upper = kw === kw.toUpperCase();
      if (!lower && !upper) continue; // ConsistentInstructionCasing reports it
      const want = lower ? as.toLowerCase() : as.toUpperCase();
      if (as === want) continue;
      const range = tokenRange(src, node, as);
      ctx.report({ range, message: `'${as}' and '${kw}' keywords' casing do not match`, fix: { title: `write '${want}'`, edits: [{ range, text: want }] } });
    }
  },
  tests: {
    valid: ["FROM alpine AS build\n", "from alpine as build\n", "From alpine as build\n"],
    invalid: [
      { code: "FROM alpine as build\n", errors: [{ line: 1, column: 13, endColumn: 15, message: "'as' and 'FROM'" }], output: "FROM alpine AS build\n" },
      { code: "from alpine AS build\n", errors: [{ line: 1, column: 13 }], output: "from alpine as build\n" },
    ],
  },
});
