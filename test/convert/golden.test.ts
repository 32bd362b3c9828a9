// Golden conversions: every convert fixture (and the mission's example) converts to the reviewed Dockerfile kept
// in test/golden/convert. After a deliberate change, regenerate with SLIMSTAGE_UPDATE_GOLDEN=1 and review the diff.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { directoryContext } from "../../src/cli/context-dir.js";
import { convertDockerfileSync } from "../../src/convert/convert.js";
import { loadShellParser } from "../../src/shell/script.js";
import { parseDockerfile, printDockerfile } from "../../src/syntax/index.js";
import { REPO_ROOT } from "../support/shared.js";

const fixturesDir = join(REPO_ROOT, "test", "fixtures", "convert");
const goldenDir = join(REPO_ROOT, "test", "golden", "convert");
const update = process.env.SLIMSTAGE_UPDATE_GOLDEN === "1";

const cases: Array<{ name: string; dir: string }> = [
  { name: "mission-flask-mysql", dir: join(REPO_ROOT, "examples", "flask-mysql") },
  ...readdirSync(fixturesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(fixturesDir, d.name, "Dockerfile")))
    .map((d) => ({ name: d.name, dir: join(fixturesDir, d.name) })),
];

beforeAll(loadShellParser);

function convert(dir: string) {
  const text = readFileSync(join(dir, "Dockerfile"), "utf8");
  return convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), { context: directoryContext(dir) });
}

describe("golden conversions", () => {
  it("covers at least 24 ecosystem fixtures", () => {
    expect(cases.length - 1).toBeGreaterThanOrEqual(24);
  });

  it.each(cases)("$name converts to its golden Dockerfile (or its golden verdict)", ({ name, dir }) => {
    const r = convert(dir);
    const golden = join(goldenDir, `${name}.Dockerfile`);
    // a Dockerfile that is already lean has "nothing to gain": its golden file records that verdict
    const text =
      r.status === "converted"
        ? r.dockerfile
        : `# ${r.status}: ${r.status === "declined" ? r.declines.map((d) => d.reason).join("; ") : r.reasons.join("; ")}\n`;
    if (update) writeFileSync(golden, text);
    // a decline is an expected answer too (the golden file records it with its reason)
    expect(text).toBe(readFileSync(golden, "utf8"));
    if (r.status !== "converted") return;
    // the result is a valid Dockerfile with a builder and a final stage
    const tree = parseDockerfile(text);
    expect(printDockerfile(tree)).toBe(text);
    const froms = tree.instructions.filter((i) => i.name === "from").length;
    // a single-stage input becomes builder + final; a multi-stage input (issue 10) keeps its other stages
    const inputFroms = parseDockerfile(readFileSync(join(dir, "Dockerfile"), "utf8")).instructions.filter((i) => i.name === "from").length;
    if (inputFroms === 1) expect(froms).toBe(2);
    else expect(froms).toBeGreaterThanOrEqual(2);
  });

  it("converts at least 24 of them", () => {
    const converted = cases.filter(({ dir }) => convert(dir).status === "converted");
    expect(converted.length).toBeGreaterThanOrEqual(24);
  });
});

describe("the mission's example", () => {
  it("gets a python:3.9-slim final stage with libmariadb3, the venv, the app and the same CMD, and no build tools", () => {
    const r = convert(join(REPO_ROOT, "examples", "flask-mysql"));
    if (r.status !== "converted") throw new Error(r.status);
    const tree = parseDockerfile(r.dockerfile);
    const froms = tree.instructions.map((n, i) => [n, i] as const).filter(([n]) => n.name === "from");
    const finalStart = froms[1]![1];
    const final = tree.instructions.slice(finalStart);
    expect(final[0]!.args).toEqual(["python:3.9-slim"]);
    const finalText = final.map((n) => n.original).join("\n");
    expect(finalText).toMatch(/apt-get install -y --no-install-recommends libmariadb3/);
    for (const tool of ["gcc", "pkg-config", "default-libmysqlclient-dev"]) expect(finalText).not.toContain(tool);
    expect(finalText).toContain("COPY --from=builder /opt/venv /opt/venv");
    expect(final.at(-1)).toMatchObject({ name: "cmd", json: true, args: ["python", "app.py"] });
    expect(r.plan.removedPackages).toEqual(["gcc", "default-libmysqlclient-dev", "pkg-config"]);
  });
});
