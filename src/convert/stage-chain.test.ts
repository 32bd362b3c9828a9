import { beforeAll, describe, expect, it } from "vitest";
import { analyzeDockerfileSync } from "../analyze/dockerfile.js";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import { mergeStageChain, stageChain } from "./stage-chain.js";

beforeAll(loadShellParser);
const convert = (text: string) => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }));
const merge = (text: string) => {
  const tree = parseDockerfile(text);
  const a = analyzeDockerfileSync(tree);
  return mergeStageChain(tree, a.model, a.final);
};

const chain = `FROM python:3.11 AS base
ENV PYTHONUNBUFFERED=1
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

FROM base AS final
COPY app/ ./app/
USER nobody
CMD ["python", "-m", "app"]
`;

describe("FROM <stage> chains", () => {
  it("finds the chain from the image to the final stage", () => {
    const a = analyzeDockerfileSync(parseDockerfile(`FROM node:18 AS a\nFROM golang:1.19 AS x\nFROM a AS b\nFROM b\n`));
    expect(stageChain(a.model, 3)?.map((s) => s.index)).toEqual([0, 2, 3]);
    expect(stageChain(a.model, 1)).toBeUndefined();
  });

  it("merges the chain into one stage on its image, every line where it was", () => {
    const m = merge(chain);
    if (!m?.ok) throw new Error("not merged");
    const text = m.tree.items.map((i) => i.raw).join("");
    expect(text.split("\n")).toHaveLength(chain.split("\n").length);
    expect(text).toBe(
      chain
        .replace("FROM python:3.11 AS base", "FROM python:3.11 AS final")
        .replace("FROM base AS final", "# slimstage: line 7 was FROM base AS final; the stages of this chain are merged into one"),
    );
  });

  it("converts the merged chain: builder on the chain's image, final stage on its runtime counterpart with the runtime parts of every stage", () => {
    const r = convert(chain);
    if (r.status !== "converted") throw new Error(r.status);
    expect(r.plan).toMatchObject({ builderBase: "python:3.11", finalBase: "python:3.11-slim" });
    expect(r.dockerfile).toMatch(/^FROM python:3\.11 AS builder\n/);
    expect(r.dockerfile).toMatch(/FROM python:3\.11-slim AS final\n\nENV PYTHONUNBUFFERED=1\nWORKDIR \/srv\n/);
    expect(r.dockerfile).toMatch(/COPY --from=builder \/opt\/venv \/opt\/venv\n[\s\S]*COPY app\/ \.\/app\/\nUSER nobody\nCMD \["python", "-m", "app"\]\n$/);
    // line numbers are the original file's
    expect(r.decisions[0]!.message).toMatch(/^line 7: the final stage builds on stage base \(line 1\); the chain ends on python:3\.11/);
    expect(r.decisions.some((d) => d.message.startsWith("line 5: pip install into a virtualenv"))).toBe(true);
  });

  it("declines with an id when a stage of the chain is used elsewhere, an ARG would change scope, or a later FROM has flags", () => {
    const used = merge(`FROM python:3.11 AS base\nRUN pip install flask\nFROM base AS test\nRUN true\nFROM base AS final\nCMD ["flask"]\n`);
    expect(used?.ok === false && used.declines.map((d) => [d.id, d.lines])).toEqual([["stage-chain-used-elsewhere", [3]]]);
    const copied = merge(`FROM python:3.11 AS base\nRUN pip install flask\nFROM base AS final\nCOPY --from=base /etc/hostname /x\nCMD ["flask"]\n`);
    expect(copied?.ok === false && copied.declines.map((d) => d.id)).toEqual(["stage-chain-used-elsewhere"]);
    const args = merge(`FROM python:3.11 AS base\nARG APP=/srv\nRUN pip install flask\nFROM base AS final\nWORKDIR $APP\nCMD ["flask"]\n`);
    expect(args?.ok === false && args.declines[0]).toMatchObject({ id: "stage-chain-arg-scope", lines: [5, 4] });
    expect(merge(`FROM python:3.11 AS base\nARG APP=/srv\nRUN pip install flask\nFROM base AS final\nARG APP\nWORKDIR $APP\nCMD ["flask"]\n`)?.ok).toBe(true);
    const flagged = merge(`FROM python:3.11 AS base\nRUN pip install flask\nFROM --platform=linux/amd64 base\nCMD ["flask"]\n`);
    expect(flagged?.ok === false && flagged.declines[0]!.id).toBe("stage-chain-platform");
  });

  it("moves a stage that sits between the chain's stages (and uses none of them) before the chain, with the input's line numbers", () => {
    const text = `FROM python:3.11 AS base\nWORKDIR /srv\nRUN pip install flask\n\n# assets\nFROM node:18 AS assets\nRUN mkdir /dist && echo ok > /dist/x\n\nFROM base AS final\nCOPY --from=assets /dist ./static\nRUN apt-get update && apt-get install -y gcc && gcc -o /usr/local/bin/x /x.c\nCMD ["flask", "run"]\n`;
    const m = merge(text);
    if (!m?.ok) throw new Error("not merged");
    const merged = m.tree.items.map((i) => i.raw).join("");
    expect(merged.startsWith("\n# assets\nFROM node:18 AS assets\nRUN mkdir /dist && echo ok > /dist/x\n\nFROM python:3.11 AS final\n")).toBe(true);
    // every merged line knows its input line
    expect(m.lineMap).toHaveLength(merged.replace(/\n$/, "").split("\n").length);
    expect(m.lineMap!.slice(0, 6)).toEqual([4, 5, 6, 7, 1, 1]);
    const r = convert(text);
    if (r.status !== "converted") throw new Error(r.status);
    expect(r.dockerfile).toMatch(/^\n?# assets\nFROM node:18 AS assets\n[\s\S]*FROM python:3\.11 AS builder\n[\s\S]*FROM python:3\.11-slim AS final\n/);
    expect(r.dockerfile).toContain("COPY --from=assets /dist ./static\n");
    expect(r.decisions.map((d) => d.message)).toContain("line 11: gcc is build-only → builder stage");
    expect(r.decisions.find((d) => d.message.startsWith("line 11: /usr/local/bin/x is compiled"))?.lines).toEqual([11]);
  });

  it("keeps the earlier result for chains it cannot merge (a lean chain stays nothing to gain)", () => {
    const lean = convert(`FROM python:3.11-slim AS base\nCOPY app.py /\nFROM base AS test\nRUN true\nFROM base\nCMD ["python", "/app.py"]\n`);
    expect(lean.status).toBe("nothing-to-gain");
  });
});
