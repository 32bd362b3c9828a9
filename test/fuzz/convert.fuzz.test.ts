// Property test: mutated real-world Dockerfiles never crash the analysis or the converter — each either gets a
// located DockerfileError (bad input) or a result, and converted output always parses.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, expect, it } from "vitest";
import { convertDockerfileSync } from "../../src/convert/convert.js";
import { DockerfileError } from "../../src/errors.js";
import { loadShellParser } from "../../src/shell/script.js";
import { parseDockerfile } from "../../src/syntax/index.js";
import { describeWithShared, hasShared, sharedPath } from "../support/shared.js";

const pieces = [
  "RUN apt-get install -y gcc libpq-dev\n",
  "RUN pip install flask\n",
  "COPY --from=0 /a /b\n",
  "FROM python:3.11\n",
  "CMD pip install x\n",
  "&& ",
  "\\\n",
  "$X",
  "${A:-b}",
  '"',
  "'",
  "USER app\n",
  "ONBUILD RUN x\n",
  "\n",
  " ",
  "RUN go build -o /app .\n",
];

describeWithShared("converter properties", () => {
  beforeAll(loadShellParser);
  const corpus = hasShared
    ? readdirSync(sharedPath("corpus", "real"))
        .filter((f) => f !== "INDEX.tsv")
        .sort()
        .map((f) => readFileSync(sharedPath("corpus", "real", f), "utf8"))
    : [];
  it("never crashes on mutated real-world Dockerfiles", () => {
    const mutation = fc.record({
      file: fc.nat(),
      edits: fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), ins: fc.constantFrom(...pieces) }), { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        let text = corpus[file % corpus.length] as string;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        try {
          const r = convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }));
          if (r.status === "converted") expect(parseDockerfile(r.dockerfile).instructions.length).toBeGreaterThan(1);
          if (r.status === "declined") expect(r.declines.every((d) => d.reason.length > 0)).toBe(true);
        } catch (e) {
          expect(e).toBeInstanceOf(DockerfileError);
        }
      }),
      { numRuns: 600, seed: 1127 },
    );
  });
});
