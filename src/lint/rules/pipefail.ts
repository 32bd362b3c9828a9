import type { Stage } from "../../model/stages.js";
import { commandsOf, defineRule } from "../helpers.js";

const NEVER_FAIL = new Set(["echo", "printf", "true", ":", "yes"]);

export default defineRule({
  meta: {
    id: "pipefail",
    aliases: ["DL4006"],
    source: "hadolint",
    severity: "warning",
    category: "correctness",
    summary: "Set the SHELL option -o pipefail before RUN with a pipe in it",
    rationale:
      'A pipeline\'s status is its last command\'s: in `curl -fsSL $URL | tar xz` a failed download still gives a successful step, and the image is built without the file. `set -o pipefail` in the RUN (or `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`) makes the step fail. Not reported (unlike hadolint): pipelines whose earlier commands cannot fail (`echo … | sha256sum -c`), pipelines inside `$( … )`, and pipelines used as conditions (`if dpkg -l | grep -q x`).',
    examples: {
      bad: "FROM debian\nRUN curl -fsSL https://example.com/x.tgz | tar xz\n",
      good: "FROM debian\nRUN set -o pipefail && curl -fsSL https://example.com/x.tgz | tar xz\n",
    },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL4006",
  },
  check(ctx) {
    const stages = ctx.model.stages;
    for (const r of commandsOf(ctx)) {
      if (!r.raw.pipeline || r.raw.pipeline.index !== 0 || r.raw.options.pipefail || r.node.json) continue;
      // inside `$( … )` the outer step's status does not come from the pipeline
      if (r.raw.context.some((c) => c.kind === "substitution")) continue;
      // a pipeline as a condition (`if dpkg -l | grep -q x`) is tested, not meant to fail the step
      if (r.raw.context.some((c) => /condition$/.test(c.kind) || c.kind === "negated")) continue;
      // only the commands before the last can be masked; echo/printf/true/yes cannot fail
      const members = r.script.commands
        .filter((c) => c.pipeline && c.range.start.offset >= r.raw.range.start.offset && c.context.length === r.raw.context.length)
        .slice(0, r.raw.pipeline.length);
      if (members.slice(0, -1).every((c) => NEVER_FAIL.has(c.argv[0] ?? ""))) continue;
      // a SHELL with pipefail earlier in the stage (or a stage it is built FROM)
      const stage = stages[r.stage.index] as Stage;
      const shells = (s: Stage, upTo: number): string[][] => [
        ...(s.base.kind === "stage" ? shells(stages[s.base.index] as Stage, Infinity) : []),
        ...s.steps.slice(0, upTo).flatMap((st) => (st.instruction.kind === "SHELL" ? [st.instruction.shell] : [])),
      ];
      const shell = shells(stage, r.run.step).at(-1);
      if (shell?.some((w) => w.includes("pipefail"))) continue;
      if (shell && !/(^|\/)(ba|z|k|a)?sh$/.test(shell[0] ?? "")) continue; // powershell, cmd …
      ctx.report({
        range: r.range,
        message: "Set the SHELL option -o pipefail before RUN with a pipe in it: without it only the last command's failure fails the step",
      });
    }
  },
  tests: {
    valid: [
      "FROM debian\nRUN set -o pipefail && curl x | tar xz\n",
      'FROM debian\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl x | tar xz\n',
      "FROM debian\nRUN set -eux; curl x > y\n",
      "FROM debian\nRUN if dpkg -l | grep -i ruby; then exit 1; fi\n",
      'FROM debian\nRUN echo "$SHA *f" | sha256sum -c - && a="$(dpkg --print-architecture | cut -d- -f1)"\n',
    ],
    invalid: [{ code: "FROM debian\nRUN apt-get update && \\\n  wget -O- https://x | sh\n", errors: [{ line: 3, column: 3, endColumn: 21 }] }],
  },
});
