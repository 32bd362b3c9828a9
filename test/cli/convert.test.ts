import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/cli.js";

const single = 'FROM python:3.11\nRUN apt-get update && apt-get install -y gcc libpq-dev\nRUN pip install psycopg2\nCMD ["python"]\n';
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), "slimstage-convert-cli-"));
  writeFileSync(join(d, "Dockerfile"), single);
  return d;
};

describe("slimstage convert on the command line", () => {
  it("prints the new Dockerfile, a diff, or JSON with the plan and decisions", async () => {
    const cwd = dir();
    const text = await runCli(["convert"], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("FROM python:3.11-slim\n");
    const diff = await runCli(["convert", "-f", "diff"], { cwd });
    expect(diff.stdout).toMatch(/^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n/);
    expect(diff.stdout).toContain("+FROM python:3.11-slim");
    const json = JSON.parse((await runCli(["convert", "-f", "json"], { cwd })).stdout);
    expect(json).toMatchObject({ status: "converted", plan: { finalBase: "python:3.11-slim", removedPackages: ["gcc", "libpq-dev"] } });
    expect(json.decisions.some((d: { message: string }) => d.message.includes("libpq5"))).toBe(true);
  });

  it("explains its decisions on stderr", async () => {
    const r = await runCli(["convert", "--explain"], { cwd: dir() });
    expect(r.stderr).toContain("line 2: gcc and libpq-dev are build-only → builder stage; runtime library libpq5 → final stage");
  });

  it("--write replaces the file through a symlink, keeps its mode and FILE.orig, and refuses an existing backup", async () => {
    const cwd = dir();
    const real = join(cwd, "Dockerfile");
    chmodSync(real, 0o600);
    symlinkSync(real, join(cwd, "link"));
    const r = await runCli(["convert", "--write", "link"], { cwd });
    expect(r.code).toBe(0);
    expect(lstatSync(join(cwd, "link")).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, "utf8")).toContain("AS builder");
    expect(statSync(real).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cwd, "link.orig"), "utf8")).toBe(single);
    writeFileSync(real, single);
    const again = await runCli(["convert", "--write", "link"], { cwd });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/link\.orig already exists/);
  });

  it("-o refuses to replace a file without --force and names bad paths", async () => {
    const cwd = dir();
    writeFileSync(join(cwd, "out"), "mine\n");
    const r = await runCli(["convert", "-o", "out"], { cwd });
    expect(r).toMatchObject({ code: 2 });
    expect(readFileSync(join(cwd, "out"), "utf8")).toBe("mine\n");
    const missing = await runCli(["convert", "-o", "nodir/x"], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nodir\/x: cannot write: the directory .*nodir does not exist/);
    const ontoDir = await runCli(["convert", "-o", ".", "--force"], { cwd });
    expect(ontoDir.code).toBe(2);
    expect(ontoDir.stderr).toMatch(/is a directory/);
  });

  it("exits 3 with reasons when it declines, and writes nothing", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "slimstage-convert-cli-"));
    writeFileSync(join(cwd, "Dockerfile"), "FROM python:3.11\nRUN pip install flask\nCMD pip install -r r.txt && flask run\n");
    const r = await runCli(["convert", "-o", "out"], { cwd });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/declined:\n {2}- line 3: the container installs Python packages when it starts/);
    expect(r.stderr).toContain("what you can do:");
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });

  it("rejects --probe without --verify", async () => {
    const r = await runCli(["convert", "--probe", "default"], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/go with --verify/);
  });

  it("rejects a repair budget without --verify", async () => {
    const r = await runCli(["convert", "--repair-attempts", "2"], { cwd: dir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--repair-\* go with --verify/);
  });
});
