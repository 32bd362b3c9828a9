import { processWord } from "../../shell/lex.js";
import { defaultPlatformArgs } from "../../model/platform.js";
import { defineRule, sourceOf } from "../helpers.js";
import { headRange } from "../locate.js";

/** A loose form of Docker's reference grammar: [host[:port]/]path[:tag][@digest], lower-case path. */
const reference =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[a-z0-9]+:[a-fA-F0-9]{32,})?$/;

export default defineRule({
  meta: {
    id: "InvalidDefaultArgInFrom",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Default value for global ARG results in an empty or invalid base image name",
    rationale:
      "A build without `--build-arg` should work: when an ARG used in FROM has no default (or a bad one), the plain `docker build` fails with an invalid reference.",
    examples: { bad: "ARG TAG\nFROM busybox:${TAG}\n", good: "ARG TAG=latest\nFROM busybox:${TAG}\n" },
    fixable: false,
    needs: "model",
    url: "https://docs.docker.com/go/dockerfile/rule/invalid-default-arg-in-from/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    // the global scope with defaults only: no --build-arg
    const scope = new Map<string, string | undefined>(defaultPlatformArgs());
    for (const ins of ctx.model.metaArgs) {
      for (const a of ins.args)
        scope.set(a.key, a.value === undefined ? undefined : processWord(a.value, (n) => scope.get(n), { escapeToken: ctx.tree.escapeToken }).value);
    }
    const stageNames = new Set(ctx.model.stages.map((s) => s.name).filter(Boolean));
    for (const stage of ctx.model.stages) {
      const written = stage.from.image;
      if (!written.includes("$")) continue;
      let value: string;
      try {
        value = processWord(written, (n) => scope.get(n), { escapeToken: ctx.tree.escapeToken }).value;
      } catch {
        continue;
      }
      if (value === "scratch" || stageNames.has(value.toLowerCase()) || reference.test(value)) continue;
      ctx.report({ range: headRange(src, stage.from.node), message: `Default value for ARG ${written} results in empty or invalid base image name` });
    }
  },
  tests: {
    valid: [
      "ARG TAG=latest\nFROM busybox:${TAG}\n",
      "ARG VARIANT\nFROM busybox:stable${VARIANT}\n",
      "ARG TAG\nFROM alpine:${TAG:-3.14}\n",
      "ARG B=build\nFROM alpine AS build\nFROM ${B}\n",
    ],
    invalid: [{ code: "ARG TAG\nFROM busybox:${TAG}\n", errors: [{ line: 2, column: 1, endColumn: 20, message: "Default value for ARG busybox:${TAG}" }] }],
  },
});
