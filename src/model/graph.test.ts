import { describe, expect, it } from "vitest";
import { DockerfileError } from "../errors.js";
import { stageGraph } from "./graph.js";

const g = (text: string, target?: string) => stageGraph(text, { file: "Dockerfile", target });
const ids = (graph: ReturnType<typeof g>, list: number[]) => list.map((i) => graph.stages[i]!.id);
const err = (text: string, target?: string): DockerfileError => {
  try {
    g(text, target);
  } catch (e) {
    if (e instanceof DockerfileError) return e;
    throw e;
  }
  throw new Error("expected an error");
};

const multi = [
  "FROM node:20 AS deps", // 0
  "RUN npm ci",
  "FROM deps AS build", // 1
  "RUN npm run build",
  "FROM golang:1.22 AS tools", // 2
  "RUN go build -o /bin/tool",
  "FROM debian AS docs", // 3 (unused)
  "RUN make docs",
  "FROM node:20-slim AS final", // 4
  "COPY --from=build /app/dist /app",
  "COPY --from=2 /bin/tool /usr/local/bin/",
  "COPY --from=nginx:latest /etc/nginx/nginx.conf /etc/",
  "RUN --mount=type=bind,from=deps,source=/app/node_modules,target=/nm ls /nm",
  "COPY --from=assets /logo.png /app/",
  "",
].join("\n");

describe("stage graph", () => {
  it("has edges for FROM <stage>, COPY --from (name, index, image, context) and RUN --mount=from", () => {
    const graph = g(multi);
    const edges = graph.edges.filter((e) => e.from !== undefined || e.kind !== "from");
    expect(edges.map((e) => [e.kind, e.from === undefined ? e.external : graph.stages[e.from]!.id, graph.stages[e.to]!.id, e.range.start.line])).toEqual([
      ["from", "deps", "build", 3],
      ["copy", "build", "final", 10],
      ["copy", "tools", "final", 11],
      ["copy", "source:nginx:latest", "final", 12],
      ["mount", "deps", "final", 13],
      ["copy", "source:assets", "final", 14],
    ]);
    const copy = graph.edges.find((e) => e.kind === "copy")!;
    expect([copy.sources, copy.dest]).toEqual([["/app/dist"], "/app"]);
    expect(graph.edges.find((e) => e.kind === "mount")!.target).toBe("/nm");
    expect(graph.externals.map((x) => x.id)).toEqual([
      "image:node:20",
      "image:golang:1.22",
      "image:debian",
      "image:node:20-slim",
      "source:nginx:latest",
      "source:assets",
    ]);
  });

  it("finds built and unused stages, a build order and parallel levels", () => {
    const graph = g(multi);
    expect(ids(graph, [graph.target])).toEqual(["final"]);
    expect(ids(graph, graph.unused)).toEqual(["docs"]);
    expect(graph.stages.map((s) => s.unused)).toEqual([false, false, false, true, false]);
    expect(ids(graph, graph.order)).toEqual(["deps", "tools", "build", "final"]);
    expect(graph.levels.map((l) => ids(graph, l))).toEqual([["deps", "tools"], ["build"], ["final"]]);
  });

  it("builds only what another target needs", () => {
    const graph = g(multi, "BUILD");
    expect(ids(graph, graph.order)).toEqual(["deps", "build"]);
    expect(ids(graph, graph.unused)).toEqual(["tools", "docs", "final"]);
    expect(err(multi, "biuld").message).toBe('Dockerfile: target stage "biuld" could not be found (did you mean build?)');
  });

  it("resolves --from against all stages, case-insensitively, and finds cycles", () => {
    const fwd = g("FROM a AS one\nCOPY --from=TWO /x /x\nFROM b AS two\nRUN true\nFROM c\nCOPY --from=one /x /x\n");
    expect(ids(fwd, fwd.order)).toEqual(["two", "one", "stage-2"]);
    const e = err("FROM a AS one\nCOPY --from=two /x /x\nFROM b AS two\nCOPY --from=one /y /y\n");
    expect(e.reason).toMatch(/^circular dependency detected on stage: one/);
    expect(e.range?.start.line).toBe(2);
  });

  it("rejects --from with variables and bad indexes", () => {
    expect(err("FROM a\nARG S=b\nCOPY --from=$S /x /x\n").reason).toMatch(/variable expansion is not supported for --from/);
    expect(err("FROM a\nCOPY --from=3 /x /x\n").reason).toBe("invalid stage index 3");
  });

  it("takes a single stage as its own target", () => {
    const graph = g("FROM python:3.9-slim\nRUN pip install flask\n");
    expect(graph.order).toEqual([0]);
    expect(graph.levels).toEqual([[0]]);
    expect(graph.unused).toEqual([]);
  });
});
