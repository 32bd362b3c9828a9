import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { yarn } from "./yarn.js";

useShellParser();

describe("yarn recogniser", () => {
  it("reads classic installs (docker/awesome-compose vuejs, CC0)", () => {
    expect(factsOf(yarn, "yarn install", { cwd: "/project" })[0]).toMatchObject({
      tool: "yarn",
      op: "install",
      outputs: ["/project/node_modules", "/usr/local/share/.cache/yarn"],
    });
    expect(factsOf(yarn, "yarn install --frozen-lockfile --production && yarn cache clean")).toMatchObject([
      { variant: "classic", frozenLockfile: true, omitDev: true },
      { kind: "cache-cleanup", owner: "yarn" },
    ]);
  });

  it("reads berry (--immutable, workspaces focus --production) and scripts", () => {
    expect(factsOf(yarn, "yarn install --immutable", { cwd: "/app" })[0]).toMatchObject({
      variant: "berry",
      frozenLockfile: true,
      outputs: ["/app/node_modules", "/app/.yarn/cache"],
    });
    expect(factsOf(yarn, "yarn workspaces focus --all --production")[0]).toMatchObject({ op: "install", omitDev: true });
    expect(factsOf(yarn, "yarn build")[0]).toMatchObject({ kind: "node-run", script: "build" });
    expect(factsOf(yarn, "yarn run build:prod --verbose")[0]).toMatchObject({ kind: "node-run", script: "build:prod", args: ["--verbose"] });
    expect(factsOf(yarn, "yarn")[0]).toMatchObject({ op: "install" });
    expect(factsOf(yarn, "yarn config set network-timeout 600000")).toEqual([]);
  });
});
