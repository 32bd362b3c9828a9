import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { pnpm } from "./pnpm.js";

useShellParser();

describe("pnpm recogniser", () => {
  it("reads install --frozen-lockfile (argoproj/argo-cd Dockerfile, Apache-2.0) and --prod", () => {
    expect(factsOf(pnpm, "pnpm install --frozen-lockfile", { cwd: "/src" })[0]).toMatchObject({
      tool: "pnpm",
      op: "install",
      frozenLockfile: true,
      outputs: ["/src/node_modules", "/root/.local/share/pnpm/store"],
    });
    expect(factsOf(pnpm, "pnpm install --prod --frozen-lockfile")[0]).toMatchObject({ omitDev: true });
    expect(factsOf(pnpm, "pnpm run build")[0]).toMatchObject({ kind: "node-run", tool: "pnpm", script: "build" });
    expect(factsOf(pnpm, "pnpm deploy --filter=api --prod /prod/api")[0]).toMatchObject({
      op: "install",
      omitDev: true,
      outputs: ["/prod/api", "/root/.local/share/pnpm/store"],
    });
  });
});
