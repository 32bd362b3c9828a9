import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import type { ContextReader } from "./types.js";

beforeAll(loadShellParser);
const convert = (text: string, files: Record<string, string> = {}) => {
  const context: ContextReader = { read: (p) => files[p] };
  return convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), { context });
};
const text = (r: ReturnType<typeof convert>) =>
  r.status === "converted" ? r.dockerfile : `${r.status}: ${JSON.stringify(r.status === "declined" ? r.declines : r.reasons)}`;

describe("the Python build environment in slimstage's virtualenv", () => {
  it("makes the virtualenv with --system-site-packages when pip builds without isolation", () => {
    const r = convert('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --no-build-isolation .\nCMD ["app"]\n');
    expect(text(r)).toContain("RUN python -m venv --system-site-packages /opt/venv");
    expect(r.decisions.some((d) => /--system-site-packages: it sees what python:3\.11's interpreter had/.test(d.message))).toBe(true);
  });

  it("does the same for python setup.py install/develop, PIP_NO_BUILD_ISOLATION and a requirements file asking for it", () => {
    expect(text(convert('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN python setup.py install\nCMD ["app"]\n'))).toContain("--system-site-packages");
    expect(text(convert('FROM python:3.11\nENV PIP_NO_BUILD_ISOLATION=0\nWORKDIR /app\nCOPY . .\nRUN pip install .\nCMD ["app"]\n'))).toContain(
      "--system-site-packages",
    );
    expect(
      text(
        convert('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["app"]\n', {
          "requirements.txt": "--no-build-isolation\n./lib\n",
        }),
      ),
    ).toContain("--system-site-packages");
    // an ordinary install keeps the plain virtualenv
    expect(
      text(convert('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["app"]\n', { "requirements.txt": "flask\n" })),
    ).toContain("RUN python -m venv /opt/venv\n");
  });

  it("keeps setup.py develop's source directory: the final stage takes it from the builder", () => {
    const r = convert('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN python setup.py develop\nCMD ["app"]\n');
    expect(text(r)).toContain("COPY --from=builder /app /app");
  });

  it("follows editable installs named in requirement files, and declines one whose sources the final stage would lack", () => {
    const r = convert('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["app"]\n', {
      "requirements.txt": "flask\n-e ./libs/core\n",
    });
    expect(text(r)).toContain("COPY --from=builder /app /app");
    const d = convert(
      'FROM python:3.11\nRUN apt-get update && apt-get install -y git\nRUN git clone https://example.com/lib.git /opt/lib\nRUN pip install -e /opt/lib\nCMD ["app"]\n',
    );
    expect(d.status).toBe("declined");
    if (d.status === "declined")
      expect(d.declines.map((x) => x.reason).join("\n")).toMatch(
        /line 4: the editable install points the virtualenv to \/opt\/lib, which the final stage would not have|line 3: `git clone .*` runs in the final stage too, but git comes from git \(line 2\)/,
      );
  });

  it("moves an upgrade of pip, setuptools and wheel before such a build into the virtualenv", () => {
    const r = convert(
      'FROM python:3.11\nRUN pip install -U pip setuptools wheel\nWORKDIR /app\nCOPY . .\nRUN pip install --no-build-isolation -e .\nCMD ["app"]\n',
    );
    const t = text(r);
    expect(t.indexOf("RUN python -m venv --system-site-packages /opt/venv")).toBeLessThan(t.indexOf("RUN pip install -U pip setuptools wheel"));
  });

  it("declines when other tools were installed into the system interpreter the virtualenv would see", () => {
    const r = convert('FROM python:3.11\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN pip install --no-build-isolation .\nCMD ["app"]\n');
    expect(r.status).toBe("declined");
    if (r.status === "declined") expect(r.declines[0]!.reason).toMatch(/^line 2: tools installed into the system interpreter \(poetry\) would be visible/);
  });
});

describe("avoidable declines", () => {
  it("installs into the virtualenv after poetry config (the active virtualenv wins)", () => {
    const r = convert(
      'FROM python:3.11\nRUN pip install poetry==1.8.3\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN poetry config virtualenvs.create false && poetry install --no-root --only main\nCOPY . .\nCMD ["python", "app.py"]\n',
    );
    expect(text(r)).toContain("COPY --from=builder /opt/venv /opt/venv");
    // a RUN of its own with the setting stays in the builder, where poetry is
    const own = convert(
      'FROM python:3.11\nRUN pip install poetry==1.8.3\nRUN poetry config virtualenvs.create false\nWORKDIR /app\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root --only main\nCOPY . .\nCMD ["python", "app.py"]\n',
    );
    expect(text(own).split("# slimstage: the final stage")[1]).not.toContain("poetry config");
    // where the virtualenv goes is part of the image's layout: still declined
    const inProject = convert(
      'FROM python:3.11\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN poetry config virtualenvs.in-project true && poetry install\nCMD [".venv/bin/python", "app.py"]\n',
    );
    expect(inProject.status).toBe("declined");
  });

  it("uses the distribution's python3 when python3-venv is installed, and declines without it", () => {
    const r = convert(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-venv python3-pip gcc python3-dev\nWORKDIR /app\nCOPY . .\nRUN pip3 install --break-system-packages -r requirements.txt\nCMD ["python3", "app.py"]\n',
    );
    const t = text(r);
    expect(t).toContain("RUN python3 -m venv /opt/venv");
    expect(t).toMatch(/FROM debian:bookworm-slim[\s\S]*apt-get install -y --no-install-recommends python3 python3-venv python3-pip/);
    const noVenv = convert(
      'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-pip gcc python3-dev\nWORKDIR /app\nCOPY . .\nRUN pip3 install --break-system-packages -r requirements.txt\nCMD ["python3", "app.py"]\n',
    );
    expect(noVenv.status).toBe("declined");
  });
});
