import { defineRule } from "../helpers.js";

export default defineRule({
  meta: {
    id: "MultipleInstructionsDisallowed",
    aliases: ["DL4003", "DL4004", "DL3012"],
    source: "buildkit",
    severity: "warning",
    category: "buildkit",
    summary: "Multiple instructions of the same type should not be used in the same stage",
    rationale:
      "An image has one CMD, one ENTRYPOINT and one HEALTHCHECK: only the last of each in a stage takes effect, so the earlier ones are dead code that misleads readers.",
    examples: { bad: 'FROM alpine\nCMD ["a"]\nCMD ["b"]\n', good: 'FROM alpine\nCMD ["b"]\n' },
    fixable: false,
    needs: "model",
    url: "https://docs.docker.com/go/dockerfile/rule/multiple-instructions-disallowed/",
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const last = new Map<string, (typeof stage.steps)[number]>();
      for (const step of stage.steps) {
        const k = step.instruction.kind;
        if (k !== "CMD" && k !== "ENTRYPOINT" && k !== "HEALTHCHECK") continue;
        const prev = last.get(k);
        // BuildKit reports the earlier one: it is the one that is ignored
        if (prev)
          ctx.report({
            range: prev.instruction.node.keywordRange,
            message: `Multiple ${k} instructions should not be used in the same stage because only the last one will be used`,
          });
        last.set(k, step);
      }
    }
  },
  tests: {
    valid: ['FROM alpine\nCMD ["a"]\nFROM alpine\nCMD ["b"]\n', 'FROM alpine\nHEALTHCHECK CMD ["true"]\nCMD ["b"]\n'],
    invalid: [
      { code: 'FROM alpine\nENTRYPOINT ["a"]\nRUN x\nENTRYPOINT ["b"]\n', errors: [{ line: 2, column: 1, endColumn: 11, message: "Multiple ENTRYPOINT" }] },
    ],
  },
});
