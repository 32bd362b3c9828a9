import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { venv } from "./venv.js";

useShellParser();

describe("venv recogniser", () => {
  it("reads python -m venv, virtualenv and uv venv", () => {
    expect(factsOf(venv, "python3 -m venv /opt/venv")[0]).toMatchObject({ kind: "python-venv", tool: "venv", path: "/opt/venv", outputs: ["/opt/venv"] });
    expect(factsOf(venv, "virtualenv -p python3 env", { cwd: "/app" })[0]).toMatchObject({ tool: "virtualenv", path: "/app/env" });
    expect(factsOf(venv, "uv venv", { cwd: "/app" })[0]).toMatchObject({ tool: "uv", path: "/app/.venv" });
    expect(factsOf(venv, "python -m venv")).toEqual([]);
  });
});
