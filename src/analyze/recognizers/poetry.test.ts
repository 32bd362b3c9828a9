import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { poetry } from "./poetry.js";

useShellParser();

describe("poetry recogniser", () => {
  it("reads install without dev dependencies into the system site-packages", () => {
    const [f] = factsOf(poetry, "poetry config virtualenvs.create false && poetry install --no-interaction --no-ansi --only main --no-root", {
      env: { POETRY_VIRTUALENVS_CREATE: "false" },
    });
    expect(f).toMatchObject({ tool: "poetry", op: "install", noDev: true, system: true, outputs: ["/root/.cache/pypoetry"] });
  });

  it("reads in-project venvs, --without dev and export", () => {
    expect(factsOf(poetry, "poetry install --without dev,test", { cwd: "/app", env: { POETRY_VIRTUALENVS_IN_PROJECT: "true" } })[0]).toMatchObject({
      noDev: true,
      outputs: ["/app/.venv", "/root/.cache/pypoetry"],
    });
    expect(factsOf(poetry, "poetry export -f requirements.txt --output requirements.txt --without-hashes", { cwd: "/app" })[0]).toMatchObject({
      op: "export",
      network: false,
      outputs: ["/app/requirements.txt"],
    });
  });
});
