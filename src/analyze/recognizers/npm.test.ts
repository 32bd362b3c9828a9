import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { npm } from "./npm.js";

useShellParser();

describe("npm recogniser", () => {
  it("reads npm ci --omit=dev and npm run build", () => {
    const facts = factsOf(npm, "npm ci --omit=dev && npm run build -- --prod", { cwd: "/usr/src/app" });
    expect(facts[0]).toMatchObject({
      kind: "node-deps",
      tool: "npm",
      op: "ci",
      omitDev: true,
      frozenLockfile: true,
      outputs: ["/usr/src/app/node_modules", "/root/.npm"],
      network: true,
    });
    expect(facts[1]).toMatchObject({ kind: "node-run", tool: "npm", script: "build", args: ["--prod"] });
  });

  it("reads --production, --only=production, NODE_ENV, -g and packages", () => {
    // GoogleCloudPlatform/nodejs-docs-samples (Apache-2.0): `npm install --only=production`
    expect(factsOf(npm, "npm install --only=production")[0]).toMatchObject({ op: "install", omitDev: true, frozenLockfile: false });
    expect(factsOf(npm, "npm install --production")[0]).toMatchObject({ omitDev: true });
    expect(factsOf(npm, "npm i", { env: { NODE_ENV: "production" } })[0]).toMatchObject({ omitDev: true });
    expect(factsOf(npm, "npm install")[0]).toMatchObject({ omitDev: false });
    // argoproj/argo-cd Dockerfile (Apache-2.0)
    expect(factsOf(npm, "npm install -g corepack@0.34.6")[0]).toMatchObject({
      global: true,
      packages: [{ name: "corepack", version: "0.34.6" }],
      outputs: ["/usr/local/lib/node_modules", "/root/.npm"],
    });
  });

  it("reads npx, npm exec and npm cache clean", () => {
    expect(factsOf(npm, "npx prisma generate")[0]).toMatchObject({ kind: "node-run", tool: "npx", script: "prisma", args: ["generate"] });
    expect(factsOf(npm, "npm cache clean --force")[0]).toMatchObject({ kind: "cache-cleanup", owner: "npm", paths: ["/root/.npm"] });
    expect(factsOf(npm, "npm --version")).toEqual([]);
  });
});
