import type { Stage } from "../../model/stages.js";
import { suggestion } from "../../model/suggest.js";
import { defineRule, sourceOf } from "../helpers.js";
import { wordRange } from "../locate.js";

/** Variables every Linux image (or the builder) provides. */
const ALWAYS = new Set(["PATH", "HOME", "HOSTNAME", "TERM", "PWD", "SHELL", "USER"]);

export default defineRule({
  meta: {
    id: "UndefinedVar",
    aliases: [],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Variables should be defined before their use",
    rationale:
      "A variable that no ARG or ENV defines expands to nothing in COPY, ENV, WORKDIR and the other instructions BuildKit expands (not in shell-form RUN/CMD, where the shell expands them). BuildKit also knows the base image's ENV; without pulling images slimstage cannot, so it reports a variable only when the stage starts from `scratch` (everything is known) or when the name is a near-miss of one that is defined (a typo).",
    examples: { bad: "FROM alpine\nARG VERSION=1\nENV APP_VERSION=$VERSOIN\n", good: "FROM alpine\nARG VERSION=1\nENV APP_VERSION=$VERSION\n" },
    fixable: false,
    needs: "model",
    url: "https://docs.docker.com/go/dockerfile/rule/undefined-var/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const stages = ctx.model.stages;
    const root = (s: Stage): Stage => (s.base.kind === "stage" ? root(stages[s.base.index] as Stage) : s);
    const buildArgs = new Set(Object.keys(ctx.options.buildArgs));
    for (const stage of stages) {
      const fromScratch = root(stage).base.kind === "scratch";
      const known = [...new Set([...stage.args.keys(), ...stage.env.keys(), ...ctx.model.globalArgs.keys()])];
      for (const step of stage.steps) {
        for (const name of step.undefinedVars) {
          // an ARG declared without a value is declared (BuildKit skips the stage's ARG names too)
          if (buildArgs.has(name) || ALWAYS.has(name) || stage.args.has(name)) continue;
          const hint = suggestion(name, known, false);
          if (!fromScratch && !hint) continue;
          const node = step.instruction.node;
          let range = wordRange(src, node, "${" + name);
          if (range === node.keywordRange) range = wordRange(src, node, "$" + name);
          ctx.report({ range, message: `Usage of undefined variable '$${name}'${hint ? ` (did you mean $${hint}?)` : ""}` });
        }
      }
    }
  },
  tests: {
    valid: [
      "FROM alpine\nARG foo\nCOPY $foo .\n",
      "FROM scratch\nARG ARCH\nADD bin/pause-${ARCH} /pause\n",
      "FROM python\nENV X=$PYTHON_VERSION\n",
      "FROM scratch\nENV PATH=$PATH:/bin\n",
    ],
    invalid: [
      { code: "FROM scratch\nCOPY $foo /\n", errors: [{ line: 2, column: 6, message: "Usage of undefined variable '$foo'" }] },
      { code: "FROM alpine\nARG VERSION=1\nENV V=${VERSOIN}\n", errors: [{ line: 3, column: 7, message: "(did you mean $VERSION?)" }] },
    ],
  },
});
