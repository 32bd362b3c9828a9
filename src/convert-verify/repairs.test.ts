import { describe, expect, it } from "vitest";
import type { Finding, ProbeComparison, VerifyReport } from "../verify/index.js";
import { parseModule, parsePathLines, parseProvider } from "./lookups.js";
import {
  applyRewrites,
  emptyFacts,
  findNeeds,
  hasGeneratedPrune,
  hasJlinkRuntime,
  needFromLine,
  nodePackageName,
  planRepairs,
  type Need,
  type RepairFacts,
} from "./repairs.js";

// Outputs captured from the engine (Docker 26, the stand-in images) on 2026-12-03, e.g.
// `docker run --rm --network host debian:bookworm-slim sh -c 'jq .'`; Java's with `java T.java` on eclipse-temurin:17-jdk.
const CAPTURED = {
  dash: "sh: 1: jq: not found",
  dashScript: "./start.sh: 3: jq: not found",
  bash: "bash: jq: command not found",
  runcNotFound:
    'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "jq": executable file not found in $PATH: unknown.',
  envShebang: "/usr/bin/env: 'bash2': No such file or directory",
  pythonSubprocess: "FileNotFoundError: [Errno 2] No such file or directory: 'jq'",
  nodeSpawn: "Error: spawn jq ENOENT",
  dashPermission: "sh: 1: /tmp/x.sh: Permission denied",
  runcPermission:
    'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/etc/passwd": permission denied: unknown.',
  pythonPermission: "PermissionError: [Errno 13] Permission denied: '/etc/shadow'",
  nodePermission: "Error: EACCES: permission denied, open '/app/data.json'",
  cat: "cat: /etc/app.conf: No such file or directory",
  runcStat:
    'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/app/server": stat /app/server: no such file or directory: unknown.',
  pythonCantOpen: "python: can't open file '/app/main.py': [Errno 2] No such file or directory",
  pythonOpen: "FileNotFoundError: [Errno 2] No such file or directory: '/etc/app/c.yml'",
  nodeEnoent: "Error: ENOENT: no such file or directory, open '/app/config.json'",
  nodeMainMissing: "Error: Cannot find module '/app/dist/index.js'",
  go: "open /usr/share/greeter/greeting.txt: no such file or directory",
  pythonModule: "ModuleNotFoundError: No module named 'flask'",
  pythonDashM: "/usr/local/bin/python: No module named gunicorn",
  pythonSubmodule: "ModuleNotFoundError: No module named 'yaml.cyaml'",
  nodeModule: "Error: Cannot find module 'left-pad'",
  nodeScoped: "Error: Cannot find module '@acme/fmt/lib/pad'",
  nodeEsm: "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'left-pad' imported from /usr/src/app/index.mjs",
  loader: "/usr/local/bin/pqver: error while loading shared libraries: libpq.so.5: cannot open shared object file: No such file or directory",
  pythonCtypes: "OSError: libpq.so.5: cannot open shared object file: No such file or directory",
  javaIo: 'Exception in thread "main" java.io.FileNotFoundException: /srv/app/settings.properties (No such file or directory)',
  javaIoRelative: 'Exception in thread "main" java.io.FileNotFoundException: report.properties (No such file or directory)',
  javaIoPermission: 'Exception in thread "main" java.io.FileNotFoundException: /etc/shadow (Permission denied)',
  javaNio: 'Exception in thread "main" java.nio.file.NoSuchFileException: /etc/app/config.yml',
  javaNioPermission: 'Exception in thread "main" java.nio.file.AccessDeniedException: /etc/shadow',
  javaJar: "Error: Unable to access jarfile /srv/app.jar",
  javaClass: 'Exception in thread "main" java.lang.ClassNotFoundException: java.sql.Date',
  javaNoClassDef: 'Exception in thread "main" java.lang.NoClassDefFoundError: java/sql/Timestamp',
} as const;

describe("one line of output → what it needs", () => {
  it.each([
    ["dash", CAPTURED.dash, "command-not-found", "jq"],
    ["dash, in a script", CAPTURED.dashScript, "command-not-found", "jq"],
    ["bash", CAPTURED.bash, "command-not-found", "jq"],
    ["runc", CAPTURED.runcNotFound, "command-not-found", "jq"],
    ["env in a shebang", CAPTURED.envShebang, "command-not-found", "bash2"],
    ["Python subprocess", CAPTURED.pythonSubprocess, "command-not-found", "jq"],
    ["Node spawn", CAPTURED.nodeSpawn, "command-not-found", "jq"],
    ["dash", CAPTURED.dashPermission, "permission-denied", "/tmp/x.sh"],
    ["runc", CAPTURED.runcPermission, "permission-denied", "/etc/passwd"],
    ["Python", CAPTURED.pythonPermission, "permission-denied", "/etc/shadow"],
    ["Node", CAPTURED.nodePermission, "permission-denied", "/app/data.json"],
    ["cat", CAPTURED.cat, "file-not-found", "/etc/app.conf"],
    ["runc", CAPTURED.runcStat, "file-not-found", "/app/server"],
    ["python SCRIPT", CAPTURED.pythonCantOpen, "file-not-found", "/app/main.py"],
    ["Python open", CAPTURED.pythonOpen, "file-not-found", "/etc/app/c.yml"],
    ["Node fs", CAPTURED.nodeEnoent, "file-not-found", "/app/config.json"],
    ["node SCRIPT", CAPTURED.nodeMainMissing, "file-not-found", "/app/dist/index.js"],
    ["Go", CAPTURED.go, "file-not-found", "/usr/share/greeter/greeting.txt"],
    ["import", CAPTURED.pythonModule, "python-module", "flask"],
    ["python -m", CAPTURED.pythonDashM, "python-module", "gunicorn"],
    ["a submodule", CAPTURED.pythonSubmodule, "python-module", "yaml"],
    ["require", CAPTURED.nodeModule, "node-module", "left-pad"],
    ["a scoped package's file", CAPTURED.nodeScoped, "node-module", "@acme/fmt"],
    ["ESM import", CAPTURED.nodeEsm, "node-module", "left-pad"],
    ["the loader", CAPTURED.loader, "missing-library", "libpq.so.5"],
    ["ctypes", CAPTURED.pythonCtypes, "missing-library", "libpq.so.5"],
    ["Java io", CAPTURED.javaIo, "file-not-found", "/srv/app/settings.properties"],
    ["Java io, relative", CAPTURED.javaIoRelative, "file-not-found", "report.properties"],
    ["Java io", CAPTURED.javaIoPermission, "permission-denied", "/etc/shadow"],
    ["Java nio", CAPTURED.javaNio, "file-not-found", "/etc/app/config.yml"],
    ["Java nio", CAPTURED.javaNioPermission, "permission-denied", "/etc/shadow"],
    ["java -jar", CAPTURED.javaJar, "file-not-found", "/srv/app.jar"],
    ["a class loaded by name", CAPTURED.javaClass, "java-module", "java.sql.Date"],
    ["a class linked", CAPTURED.javaNoClassDef, "java-module", "java.sql.Timestamp"],
  ])("%s: %s", (_what, line, kind, subject) => {
    expect(needFromLine(line)).toMatchObject({ kind, subject });
  });

  it("an ESM import names the importing file's directory", () => {
    expect(needFromLine(CAPTURED.nodeEsm)?.from).toBe("/usr/src/app");
  });

  it("lines without a known cause need nothing", () => {
    for (const line of [
      "Traceback (most recent call last):",
      "fopen: No such file or directory",
      "Node.js v18.20.4",
      "error: connection refused",
      "Segmentation fault",
    ]) {
      expect(needFromLine(line)).toBeUndefined();
    }
  });

  it("scoped and deep package names", () => {
    expect(nodePackageName("x/lib/y")).toBe("x");
    expect(nodePackageName("@s/x/y")).toBe("@s/x");
  });
});

const observation = (o: { exitCode?: number; stdout?: string; stderr?: string }) => ({ probe: "default", status: "ran" as const, durationMs: 1, ...o });
const comparison = (
  original: { exitCode?: number; stdout?: string; stderr?: string },
  candidate: { exitCode?: number; stdout?: string; stderr?: string },
): ProbeComparison => ({
  probe: "default",
  kind: "default",
  match: false,
  differences: [{ field: "exit", original: "exit code 0", candidate: `exit code ${candidate.exitCode}` }],
  original: observation(original),
  candidate: observation(candidate),
});
const probeFinding: Finding = { severity: "error", kind: "probe", subject: "default", message: "probe default: the candidate differs (exit, stderr)" };
const reportOf = (findings: Finding[], probes: ProbeComparison[], workingDir = "/app"): VerifyReport => ({
  verdict: "fail",
  original: { dockerfile: "Dockerfile" },
  candidate: {
    dockerfile: "Dockerfile",
    config: { env: [], entrypoint: null, cmd: null, user: "", workingDir, exposedPorts: [], volumes: [], labels: {}, healthcheck: null },
  },
  probes,
  config: [],
  findings,
  durationMs: 1,
});

describe("needs of a failed verification", () => {
  it("come from the lines only the candidate printed, with the exit code of a start failure", () => {
    const r = reportOf([probeFinding], [comparison({ exitCode: 0, stdout: "ok\n" }, { exitCode: 126, stderr: CAPTURED.runcPermission })]);
    expect(findNeeds(r)).toEqual([
      {
        kind: "permission-denied",
        subject: "/etc/passwd",
        finding: { kind: "probe", subject: "default", message: probeFinding.message },
        evidence: 'exec: "/etc/passwd": permission denied (exit 126)',
      },
    ]);
  });

  it("ignore what the original printed too", () => {
    const both = "cat: /etc/optional.conf: No such file or directory";
    const r = reportOf([probeFinding], [comparison({ exitCode: 0, stderr: `${both}\n` }, { exitCode: 1, stderr: `${both}\n${CAPTURED.pythonModule}\n` })]);
    expect(findNeeds(r).map((n) => [n.kind, n.subject])).toEqual([["python-module", "flask"]]);
  });

  it("resolve relative paths against the candidate's working directory and Node modules from the require stack", () => {
    const node = [
      CAPTURED.nodeModule,
      "Require stack:",
      "- /usr/src/app/index.js",
      "    at Module._resolveFilename (node:internal/modules/cjs/loader:1140:15)",
    ].join("\n");
    const r = reportOf([probeFinding], [comparison({ exitCode: 0 }, { exitCode: 1, stderr: `sh: 1: ./run.sh: Permission denied\n${node}` })], "/srv");
    expect(findNeeds(r).map((n) => [n.kind, n.subject, n.from])).toEqual([
      ["permission-denied", "/srv/run.sh", undefined],
      ["node-module", "left-pad", "/usr/src/app"],
    ]);
  });

  it("take missing libraries from the linkage check, and skip pseudo file systems", () => {
    const lib: Finding = {
      severity: "error",
      kind: "missing-library",
      subject: "libpq.so.5",
      message: "libpq.so.5 not found (needed by /usr/local/bin/pqver)",
    };
    const r = reportOf(
      [probeFinding, lib],
      [comparison({ exitCode: 0 }, { exitCode: 1, stderr: "cat: /proc/self/x: No such file or directory\n" + CAPTURED.loader })],
    );
    expect(findNeeds(r).map((n) => [n.kind, n.subject, n.finding.kind])).toEqual([["missing-library", "libpq.so.5", "missing-library"]]);
  });
});

const need = (kind: Need["kind"], subject: string, extra: Partial<Need> = {}): Need => ({
  kind,
  subject,
  finding: { kind: "probe", subject: "default", message: "m" },
  evidence: "e",
  ...extra,
});
const facts = (f: Partial<RepairFacts>): RepairFacts => ({ ...emptyFacts("/app"), ...f });

describe("needs → repairs", () => {
  it("a missing library: the knowledge's package, else the original's package, else the file", () => {
    const got = planRepairs(
      [
        need("missing-library", "libpq.so.5"),
        need("missing-library", "libodd.so.1"),
        need("missing-library", "libown.so.2"),
        need("missing-library", "libnone.so.0"),
      ],
      facts({
        libraryPackages: new Map([["libpq.so.5", "libpq5"]]),
        libraries: new Map([
          ["libodd.so.1", { path: "/usr/lib/x86_64-linux-gnu/libodd.so.1", package: "libodd1" }],
          ["libown.so.2", { path: "/usr/local/lib/libown.so.2" }],
          ["libnone.so.0", null],
        ]),
        builderPaths: new Map([["/usr/local/lib/libown.so.2", { type: "file", mode: "644" }]]),
      }),
    );
    expect(got.repairs.map((r) => r.action)).toEqual([
      { type: "runtime-package", package: "libpq5" },
      { type: "runtime-package", package: "libodd1" },
      { type: "copy-from-builder", path: "/usr/local/lib/libown.so.2" },
    ]);
    expect(got.unrepaired.map((u) => u.need.subject)).toEqual(["libnone.so.0"]);
  });

  it("a command: its package in the original image, else its file, else a file of that name next to the app", () => {
    const got = planRepairs(
      [need("command-not-found", "xz"), need("command-not-found", "tool"), need("command-not-found", "report.txt"), need("command-not-found", "nope")],
      facts({
        commands: new Map([
          ["xz", { path: "/usr/bin/xz", package: "xz-utils" }],
          ["tool", { path: "/usr/local/bin/tool" }],
          ["report.txt", null],
          ["nope", null],
        ]),
        builderPaths: new Map([
          ["/usr/local/bin/tool", { type: "file", mode: "755" }],
          ["/app/report.txt", { type: "file", mode: "644" }],
          ["/app/nope", null],
        ]),
      }),
    );
    expect(got.repairs.map((r) => r.action)).toEqual([
      { type: "runtime-package", package: "xz-utils" },
      { type: "copy-from-builder", path: "/usr/local/bin/tool" },
      { type: "copy-from-builder", path: "/app/report.txt" },
    ]);
    expect(got.repairs[0]?.change).toBe("the final stage installs xz-utils, which provides /usr/bin/xz in the original image");
    expect(got.unrepaired).toEqual([{ need: need("command-not-found", "nope"), why: "the original image has no command nope either" }]);
  });

  it("permission denied: the builder's file with its mode (a directory without --chmod); a file not found: the builder's file", () => {
    const got = planRepairs(
      [
        need("permission-denied", "/app/run.sh"),
        need("permission-denied", "/app/data"),
        need("file-not-found", "/usr/share/g.txt"),
        need("file-not-found", "/etc/none"),
      ],
      facts({
        builderPaths: new Map([
          ["/app/run.sh", { type: "file", mode: "755" }],
          ["/app/data", { type: "dir", mode: "700" }],
          ["/usr/share/g.txt", { type: "file", mode: "644" }],
          ["/etc/none", null],
        ]),
      }),
    );
    expect(got.repairs.map((r) => r.action)).toEqual([
      { type: "copy-from-builder", path: "/app/run.sh", mode: "755" },
      { type: "copy-from-builder", path: "/app/data" },
      { type: "copy-from-builder", path: "/usr/share/g.txt" },
    ]);
    expect(got.unrepaired.map((u) => u.why)).toEqual(["the builder has no /etc/none either"]);
  });

  it("modules: the builder's Python package and metadata; a Node package from the builder, or the dev dependencies kept", () => {
    const site = "/opt/venv/lib/python3.11/site-packages";
    const f = facts({
      pythonModules: new Map([
        ["pkg_resources", [`${site}/pkg_resources`, `${site}/setuptools-66.1.1.dist-info`]],
        ["missing", null],
      ]),
      nodeModules: new Map([
        ["/app\0left-pad", { builder: null, original: "/app/node_modules/left-pad" }],
        ["/app\0chalk", { builder: "/app/node_modules/chalk", original: "/app/node_modules/chalk" }],
      ]),
    });
    const needs = [
      need("python-module", "pkg_resources"),
      need("python-module", "missing"),
      need("node-module", "left-pad", { from: "/app" }),
      need("node-module", "chalk", { from: "/app" }),
    ];
    const got = planRepairs(needs, f, { canKeepDevDependencies: true });
    expect(got.repairs.map((r) => r.action)).toEqual([
      { type: "copy-from-builder", path: `${site}/pkg_resources` },
      { type: "copy-from-builder", path: `${site}/setuptools-66.1.1.dist-info` },
      { type: "keep-dev-dependencies" },
      { type: "copy-from-builder", path: "/app/node_modules/chalk" },
    ]);
    // without a prune of slimstage's own to undo, a pruned package cannot be repaired
    expect(planRepairs(needs.slice(2, 3), f).unrepaired[0]?.why).toBe("left-pad is in the original image but the builder does not have it");
  });

  it("a Java class: its JDK module added to the jlink runtime, only when the candidate makes one", () => {
    const f = facts({
      javaModules: new Map([
        ["java.sql.Date", "java.sql"],
        ["com.example.Plugin", null],
      ]),
    });
    const needs = [need("java-module", "java.sql.Date"), need("java-module", "com.example.Plugin")];
    const got = planRepairs(needs, f, { canAddJavaModules: true });
    expect(got.repairs.map((r) => [r.action, r.change])).toEqual([
      [{ type: "jlink-module", module: "java.sql" }, "the jlink runtime also gets java.sql, the JDK module of java.sql.Date"],
    ]);
    expect(got.unrepaired.map((u) => u.why)).toEqual(["no module of the original's JDK has com.example.Plugin"]);
    expect(planRepairs(needs.slice(0, 1), f).unrepaired[0]?.why).toBe("java.sql.Date is in java.sql, but this candidate has no jlink runtime to add it to");
  });

  it("never plans a repair twice", () => {
    const f = facts({ builderPaths: new Map([["/app/run.sh", { type: "file", mode: "755" }]]) });
    const got = planRepairs([need("permission-denied", "/app/run.sh")], f, { done: new Set(["copy:/app/run.sh"]) });
    expect(got.repairs).toEqual([]);
    expect(got.unrepaired[0]?.why).toMatch(/^already repaired/);
  });
});

const GENERATED = `FROM node:18 AS builder

WORKDIR /usr/src/app

COPY package.json package-lock.json ./
RUN npm ci

# slimstage: drop dev dependencies before node_modules is copied into the final stage
RUN npm prune --omit=dev

# slimstage: the final stage holds only what the app needs at run time
FROM node:18-slim

WORKDIR /usr/src/app

# slimstage: the app with its production node_modules and build output
COPY --from=builder /usr/src/app /usr/src/app

RUN useradd app

CMD ["node", "index.js"]
`;

describe("rewrites of the generated Dockerfile", () => {
  it("copy from the builder after the final stage's last COPY/ADD/RUN, with the evidence as a comment", () => {
    const out = applyRewrites(
      GENERATED,
      [
        {
          action: { type: "copy-from-builder", path: "/usr/src/app/run.sh", mode: "755" },
          evidence: 'exec: "/usr/src/app/run.sh": permission denied (exit 126)',
        },
        { action: { type: "copy-from-builder", path: "/srv/my data" }, evidence: "x" },
      ],
      "builder",
    );
    expect(out).toContain(
      'RUN useradd app\n\n# slimstage repair: exec: "/usr/src/app/run.sh": permission denied (exit 126)\nCOPY --from=builder --chmod=755 /usr/src/app/run.sh /usr/src/app/run.sh\n# slimstage repair: x\nCOPY --from=builder ["/srv/my data","/srv/my data"]\n\nCMD',
    );
  });

  it("keep dev dependencies: slimstage's own prune and its comment go, a prune the user wrote stays", () => {
    expect(hasGeneratedPrune(GENERATED)).toBe(true);
    const out = applyRewrites(GENERATED, [{ action: { type: "keep-dev-dependencies" }, evidence: "e" }], "builder");
    expect(out).not.toContain("prune");
    expect(out).toContain("RUN npm ci\n\n# slimstage: the final stage");
    const own = GENERATED.replace("# slimstage: drop dev dependencies before node_modules is copied into the final stage\n", "");
    expect(hasGeneratedPrune(own)).toBe(false);
    expect(applyRewrites(own, [{ action: { type: "keep-dev-dependencies" }, evidence: "e" }], "builder")).toBe(own);
  });

  it("jlink modules: added to the search's jlink step, nothing else changes", () => {
    const jlink =
      'FROM jdk AS builder\nRUN set -eu; \\\n    jlink --add-modules "$modules" --no-man-pages --output /slimstage/java/opt/java\nFROM debian:bookworm-slim\nCOPY --from=builder /slimstage/java/ /\n';
    expect(hasJlinkRuntime(jlink)).toBe(true);
    expect(hasJlinkRuntime("FROM a\nRUN jlink --add-modules java.base --output /x\n")).toBe(false);
    const modules = (...m: string[]) => m.map((module) => ({ action: { type: "jlink-module" as const, module }, evidence: "e" }));
    expect(applyRewrites(jlink, modules("java.sql", "java.naming"), "builder")).toBe(
      jlink.replace("RUN set", "# slimstage repair: e\n# slimstage repair: e\nRUN set").replace('"$modules"', '"$modules,java.sql,java.naming"'),
    );
  });

  it("a final stage that only has FROM gets the copy right after it", () => {
    expect(applyRewrites("FROM a AS b\nRUN x\nFROM c", [{ action: { type: "copy-from-builder", path: "/x" }, evidence: "e" }], "b")).toBe(
      "FROM a AS b\nRUN x\nFROM c\n\n# slimstage repair: e\nCOPY --from=b /x /x\n",
    );
  });
});

describe("lookup answers", () => {
  it("dpkg -S: the first package, without its architecture; diversions skipped; no package for a file of none", () => {
    expect(parseProvider("path=/usr/bin/xz\nxz-utils: /usr/bin/xz\n")).toEqual({ path: "/usr/bin/xz", package: "xz-utils" });
    expect(parseProvider("path=/usr/lib/x86_64-linux-gnu/libpq.so.5\nlibpq5:amd64: /usr/lib/x86_64-linux-gnu/libpq.so.5\n")).toEqual({
      path: "/usr/lib/x86_64-linux-gnu/libpq.so.5",
      package: "libpq5",
    });
    expect(parseProvider("path=/usr/bin/awk\nmawk, original-awk: /usr/bin/awk\n")).toEqual({ path: "/usr/bin/awk", package: "mawk" });
    expect(parseProvider("path=/usr/local/bin/tool\n")).toEqual({ path: "/usr/local/bin/tool" });
    expect(parseProvider("")).toBeUndefined();
  });

  it("jimage: the module that has the class", () => {
    expect(parseModule("module=java.sql\n")).toBe("java.sql");
    expect(parseModule("")).toBeUndefined();
  });

  it("paths in the builder", () => {
    expect(parsePathLines("file 755 /app/run.sh\ndir 700 /app/data\nnone /etc/x\nsymlink 777 /usr/bin/awk\n")).toEqual(
      new Map([
        ["/app/run.sh", { type: "file", mode: "755" }],
        ["/app/data", { type: "dir", mode: "700" }],
        ["/etc/x", null],
        ["/usr/bin/awk", { type: "symlink", mode: "777" }],
      ]),
    );
  });
});

describe("repairs never add a build-only package", () => {
  it("a compiler the original image has is not installed in the final stage", () => {
    const got = planRepairs([need("command-not-found", "gcc")], facts({ commands: new Map([["gcc", { path: "/usr/bin/gcc", package: "gcc" }]]) }));
    expect(got.repairs).toEqual([]);
    expect(got.unrepaired[0]?.why).toBe("gcc provides it, but it is a build-only package, which the final stage must not have");
  });
});
