// Property tests: random and mutated Dockerfiles never crash the parser or the model (only located
// DockerfileErrors), and whatever parses prints back byte for byte.
import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DockerfileError } from "../../src/errors.js";
import { stageGraph } from "../../src/model/index.js";
import { dumpBuildkit, parseDockerfile, printDockerfile } from "../../src/syntax/index.js";
import { hasShared, sharedPath } from "../support/shared.js";

const tokens = [
  "FROM ",
  "RUN ",
  "COPY ",
  "ADD ",
  "ENV ",
  "ARG ",
  "LABEL ",
  "ONBUILD ",
  "HEALTHCHECK ",
  "SHELL ",
  "CMD ",
  "ENTRYPOINT ",
  "WORKDIR ",
  "USER ",
  "EXPOSE ",
  "VOLUME ",
  "STOPSIGNAL ",
  "MAINTAINER ",
  "from ",
  "AS ",
  "--from=",
  "--mount=type=cache,target=/x ",
  "--platform=$P ",
  "--chown=1:1 ",
  "--link ",
  "-- ",
  "\n",
  "\r\n",
  "\\\n",
  "`\n",
  " \\ \n",
  "# c\n",
  "# escape=`\n",
  "# syntax=x\n",
  "<<EOF",
  "<<-EOF",
  "<<'EOF'",
  "EOF\n",
  "\tEOF\n",
  '["a", "b"]',
  '["a", 1]',
  "[",
  "]",
  '"',
  "'",
  "\\",
  "`",
  "$",
  "${",
  "}",
  "${A:-b}",
  "=",
  " ",
  "\t",
  "x",
  "a=b ",
  "stage",
  "0",
  "\uFEFF",
  "é",
  "☃",
  "\u0085",
  "\u00a0",
];

const dockerfileish = fc.array(fc.constantFrom(...tokens), { maxLength: 60 }).map((parts) => parts.join(""));

/** Parses; anything thrown must be a located DockerfileError. Returns the tree or undefined. */
function parseOrLocatedError(text: string) {
  try {
    return parseDockerfile(text, { file: "Dockerfile" });
  } catch (e) {
    expect(e).toBeInstanceOf(DockerfileError);
    const r = (e as DockerfileError).range;
    expect(r?.start.line).toBeGreaterThanOrEqual(1);
    expect(r!.start.line).toBeLessThanOrEqual(text.split("\n").length);
    return undefined;
  }
}

function checkText(text: string): void {
  const tree = parseOrLocatedError(text);
  if (!tree) return;
  expect(printDockerfile(tree)).toBe(text);
  try {
    stageGraph(tree);
  } catch (e) {
    expect(e).toBeInstanceOf(DockerfileError);
  }
}

describe("parser properties", () => {
  it("never crashes on random Dockerfile-like text, and round-trips what it accepts", () => {
    fc.assert(
      fc.property(dockerfileish, (text) => checkText(text)),
      { numRuns: 3000, seed: 20261127 },
    );
  });

  it("never crashes on arbitrary unicode strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 200 }), (text) => checkText(text)),
      { numRuns: 1500, seed: 7 },
    );
  });

  const corpus = hasShared
    ? readdirSync(sharedPath("corpus", "real"))
        .filter((f) => f !== "INDEX.tsv")
        .sort()
        .map((f) => readFileSync(sharedPath("corpus", "real", f), "utf8"))
    : [];
  const mutation = fc.record({
    file: fc.nat(),
    edits: fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), ins: fc.constantFrom(...tokens, "") }), { minLength: 1, maxLength: 6 }),
  });

  it.skipIf(!hasShared)("never crashes on mutated real-world Dockerfiles (needs ../shared)", () => {
    fc.assert(
      fc.property(mutation, ({ file, edits }) => {
        let text = corpus[file % corpus.length] as string;
        for (const e of edits) {
          const at = e.at % (text.length + 1);
          text = text.slice(0, at) + e.ins + text.slice(at + e.del);
        }
        checkText(text);
      }),
      { numRuns: 1500, seed: 42 },
    );
  });
});

// Generators from the hostile-input classes of issue 13 (test/hostile/core.test.ts has the fixed cases).
describe("hostile generators", () => {
  const lf = dockerfileish.map((t) => t.replace(/\r\n/g, "\n"));

  it("a file with CRLF line endings parses exactly as with LF (BuildKit trims the line ending first)", () => {
    fc.assert(
      fc.property(lf, (text) => {
        const crlf = text.replace(/\n/g, "\r\n");
        let a: string | undefined;
        let b: string | undefined;
        try {
          a = dumpBuildkit(parseDockerfile(text));
        } catch (e) {
          a = `error ${(e as DockerfileError).range?.start.line}`;
        }
        try {
          b = dumpBuildkit(parseDockerfile(crlf));
        } catch (e) {
          b = `error ${(e as DockerfileError).range?.start.line}`;
        }
        // heredoc bodies keep their bytes, so they may differ by the \r; everything else must not
        if (!/<</.test(text)) expect(b).toBe(a);
        else expect(b.startsWith("error")).toBe(a.startsWith("error"));
      }),
      { numRuns: 1500, seed: 1313 },
    );
  });

  it("variables that grow by doubling, and deep nesting, end in the model or in a located error, quickly", () => {
    const grow = fc.record({
      doublings: fc.integer({ min: 0, max: 30 }),
      refs: fc.integer({ min: 1, max: 4 }),
      nest: fc.integer({ min: 0, max: 800 }),
      label: fc.boolean(),
    });
    fc.assert(
      fc.property(grow, ({ doublings, refs, nest, label }) => {
        const text =
          "FROM debian\nENV A=x\n" +
          `ENV A=${"$A".repeat(refs + 1)}\n`.repeat(doublings) +
          (label ? "LABEL b=$A\n".repeat(20) : "") +
          `ENV B=${"${a:-".repeat(nest)}x${"}".repeat(nest)}\n`;
        const t0 = performance.now();
        try {
          stageGraph(parseDockerfile(text, { file: "Dockerfile" }));
        } catch (e) {
          expect(e).toBeInstanceOf(DockerfileError);
          expect((e as DockerfileError).range?.start.line).toBeGreaterThanOrEqual(3);
        }
        expect(performance.now() - t0).toBeLessThan(5000);
      }),
      { numRuns: 60, seed: 2613 },
    );
  });
});
