// The plan is complete before any text is written: the writer renders the converted file from the plan alone (the
// JSON of `convert --format json` renders to the same bytes), and tests can check a conversion by its plan.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { convertDockerfileSync } from "../../src/convert/convert.js";
import type { ConvertPlan, PlannedLine } from "../../src/convert/types.js";
import { renderPlan } from "../../src/convert/writer.js";
import { loadShellParser } from "../../src/shell/script.js";
import { parseDockerfile } from "../../src/syntax/index.js";
import { REPO_ROOT } from "../support/shared.js";

beforeAll(loadShellParser);

const FIXTURES = join(REPO_ROOT, "test", "fixtures", "convert");

function convert(text: string) {
  const tree = parseDockerfile(text, { file: "Dockerfile" });
  const r = convertDockerfileSync(tree);
  if (r.status !== "converted") throw new Error(`expected a conversion, got ${r.status}`);
  return { tree, r, stage: r.analysis.model.stages[r.plan.layout!.stage]! };
}

const added = (lines: PlannedLine[]) => lines.filter((l): l is Extract<PlannedLine, { kind: "added" }> => l.kind === "added");

describe("the conversion plan", () => {
  it("renders every converted fixture from its JSON round trip, byte for byte", () => {
    let n = 0;
    for (const dir of readdirSync(FIXTURES)) {
      let text: string;
      try {
        text = readFileSync(join(FIXTURES, dir, "Dockerfile"), "utf8");
      } catch {
        continue;
      }
      const tree = parseDockerfile(text, { file: "Dockerfile" });
      const r = convertDockerfileSync(tree);
      if (r.status !== "converted" || !r.plan.layout) continue;
      const plan = JSON.parse(JSON.stringify(r.plan)) as ConvertPlan;
      expect(renderPlan(tree, r.analysis.model.stages[plan.layout!.stage]!, plan), dir).toBe(r.dockerfile);
      n++;
    }
    expect(n).toBeGreaterThan(20);
  });

  it("says what each stage gets without reading the text", () => {
    const { r } = convert(
      'FROM python:3.11\nRUN apt-get update && apt-get install -y gcc libpq-dev\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
    );
    const layout = r.plan.layout!;
    // builder: the apt step, WORKDIR, COPY, the virtualenv made before pip, pip
    expect(layout.builder.map((l) => (l.kind === "original" ? l.line : l.instructions[0]![0]))).toEqual([2, 3, 4, "RUN python -m venv /opt/venv", 5]);
    // final: FROM the slim counterpart, runtime packages of line 2, WORKDIR and COPY again, the venv, CMD
    expect(added(layout.final)[0]!.instructions).toEqual([["FROM python:3.11-slim"]]);
    expect(added(layout.final).find((l) => l.leadingOf !== undefined)?.comment).toMatch(
      /runtime packages of line 2 \(build-only gcc and libpq-dev stay in the builder\)/,
    );
    expect(added(layout.final).some((l) => l.instructions[0]![0] === "COPY --from=builder /opt/venv /opt/venv")).toBe(true);
    expect(layout.final.filter((l) => l.kind === "original").map((l) => l.line)).toEqual([3, 4, 6]);
  });

  it("is what the writer uses: a line taken out of the plan is missing from the text", () => {
    const { tree, r, stage } = convert('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nEXPOSE 8080\nCMD ["/out/app"]\n');
    const plan = structuredClone(r.plan);
    plan.layout!.final = plan.layout!.final.filter((l) => !(l.kind === "original" && l.line === 5));
    const text = renderPlan(tree, stage, plan);
    expect(r.dockerfile).toContain("EXPOSE 8080");
    expect(text).not.toContain("EXPOSE 8080");
    expect(text).toBe(r.dockerfile.replace("EXPOSE 8080\n", ""));
  });
});
