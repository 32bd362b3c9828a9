import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { uv } from "./uv.js";

useShellParser();

describe("uv recogniser", () => {
  it("reads uv sync (fastapi/full-stack-fastapi-template backend/Dockerfile, MIT)", () => {
    const [f] = factsOf(uv, "uv sync --frozen --no-install-workspace --package app", { cwd: "/app" });
    expect(f).toMatchObject({ tool: "uv", op: "sync", outputs: ["/app/.venv", "/root/.cache/uv"], network: true });
  });

  it("reads uv pip install with pip semantics, --system and --no-cache, and cache clean", () => {
    expect(factsOf(uv, "uv pip install --system --no-cache -r requirements.txt")[0]).toMatchObject({
      tool: "uv",
      op: "install",
      system: true,
      noCacheDir: true,
      requirements: ["requirements.txt"],
      outputs: [],
    });
    expect(factsOf(uv, "uv sync --no-dev", { cwd: "/app", env: { UV_PROJECT_ENVIRONMENT: "/opt/venv", UV_NO_CACHE: "1" } })[0]).toMatchObject({
      noDev: true,
      outputs: ["/opt/venv"],
    });
    expect(factsOf(uv, "uv cache clean")[0]).toMatchObject({ kind: "cache-cleanup", paths: ["/root/.cache/uv"] });
  });
});
