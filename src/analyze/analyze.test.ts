import { describe, expect, it } from "vitest";
import { commandFromExec, parseScript } from "../shell/script.js";
import { analyzeScript } from "./analyze.js";
import { analyze, useShellParser } from "./test-support.js";

useShellParser();

describe("analyzeScript", () => {
  it("recognises the mission's RUN steps with nothing left unrecognised", () => {
    const run1 = analyze(
      "apt-get update \\\n    && apt-get upgrade -y \\\n    && apt-get install -y gcc default-libmysqlclient-dev pkg-config \\\n    && rm -rf /var/lib/apt/lists/*",
    );
    const installed = run1.facts.flatMap((f) => (f.kind === "system-packages" && f.op === "install" ? f.packages.map((p) => p.name) : []));
    expect(installed).toEqual(["gcc", "default-libmysqlclient-dev", "pkg-config"]);
    expect(run1.unrecognized).toEqual([]);
    const run2 = analyze("pip install mysqlclient");
    const run3 = analyze("pip install --no-cache-dir -r requirements.txt", { cwd: "/app" });
    expect(run2.facts.map((f) => f.kind)).toEqual(["python-deps"]);
    expect(run3.facts).toMatchObject([{ kind: "python-deps", requirements: ["requirements.txt"], noCacheDir: true }]);
  });

  it("classes housekeeping as trivial and the rest as unrecognised", () => {
    const a = analyze('set -eux; echo "hi"; cd /x; export A=1; [ -f x ] && true; mkdir -p /x; frobnicate --all');
    expect(a.trivial.map((c) => c.name ?? c.kind)).toEqual(["set", "echo", "cd", "export", "[", "true"]);
    expect(a.facts.map((f) => f.kind)).toEqual(["file-op"]);
    expect(a.unrecognized.map((c) => c.argv)).toEqual([["frobnicate", "--all"]]);
  });

  it("analyses sh -c scripts and keeps the outer command's location", () => {
    const s = parseScript("true && sh -c 'apt-get update && apt-get install -y curl'");
    const a = analyzeScript(s);
    expect(a.facts.map((f) => (f.kind === "system-packages" ? f.op : f.kind))).toEqual(["update", "install"]);
    expect(a.facts[1]!.range).toEqual(s.commands[1]!.range);
  });

  it("resolves the working directory against the caller's cwd and follows cd", () => {
    const a = analyze("cd src && go build -o ../bin/app . && cd /opt && tar xf /tmp/a.tar", { cwd: "/work" });
    expect(a.facts.map((f) => f.outputs[0])).toEqual(["/work/bin/app", "/opt"]);
  });

  it("analyses exec-form commands", () => {
    const a = analyzeScript(
      { text: "", commands: [commandFromExec(["npm", "ci", "--omit=dev"])], diagnostics: [], options: { errexit: false, pipefail: false }, cwd: "." },
      { cwd: "/app" },
    );
    expect(a.facts).toMatchObject([{ kind: "node-deps", op: "ci", omitDev: true, outputs: ["/app/node_modules", "/root/.npm"] }]);
  });
});
