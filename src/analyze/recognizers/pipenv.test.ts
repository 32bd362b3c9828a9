import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { pipenv } from "./pipenv.js";

useShellParser();

describe("pipenv recogniser", () => {
  it("reads install --system --deploy and --dev", () => {
    expect(factsOf(pipenv, "pipenv install --system --deploy --ignore-pipfile")[0]).toMatchObject({ tool: "pipenv", op: "install", system: true, noDev: true });
    expect(factsOf(pipenv, "pipenv install --dev", { cwd: "/app", env: { PIPENV_VENV_IN_PROJECT: "1" } })[0]).toMatchObject({
      noDev: false,
      outputs: ["/app/.venv", "/root/.cache/pipenv"],
    });
    expect(factsOf(pipenv, "pipenv requirements > requirements.txt")[0]).toMatchObject({ op: "requirements", outputs: [] });
  });
});
