import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { convertDockerfile } from "../../convert/index.js";
import { parseDockerfile } from "../../syntax/index.js";
import { candidates, dominatedBy } from "../search.js";
import { readOutput } from "./dockerfile-edit.js";
import { variantsFor, type Converted, type SearchFacts } from "./index.js";
import { installTrees, pruneRun } from "./python-prune.js";

const facts: SearchFacts = { goSourcesRead: true, cgoFiles: [] };

async function convert(text: string, files: Record<string, string> = {}): Promise<Converted> {
  const r = await convertDockerfile(parseDockerfile(text, { file: "Dockerfile" }), { context: { read: (p) => files[p] } });
  if (r.status !== "converted") throw new Error(`not converted: ${r.status}`);
  return r;
}
const prune = (r: Converted, text: string) =>
  new Map(
    variantsFor({ result: r, originalText: text, facts })
      .flat()
      .filter((v) => v.dimension === "python-prune")
      .map((v) => [v.id, v]),
  );
const fixture = (dir: string, files: string[]) => {
  const base = join("test/fixtures/convert", dir);
  const read = (f: string) => (existsSync(join(base, f)) ? readFileSync(join(base, f), "utf8") : undefined);
  return { text: read("Dockerfile")!, files: Object.fromEntries(files.flatMap((f) => (read(f) === undefined ? [] : [[f, read(f)!]]))) };
};
/** The converted text with the search's inserted block taken out again. */
const withoutBlock = (text: string) => text.replace(/\n# slimstage search: [^\n]*\nRUN for sp in (?:[^\n]*\\\n)*[^\n]*done\n/, "");

const FLASK = `FROM python:3.11
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["gunicorn", "app:app"]
`;

describe("python-prune: the installed packages without byte-code and test suites", () => {
  it("applies to the converter's virtualenv: one RUN at the end of the builder, on its site-packages only", async () => {
    const r = await convert(FLASK, { "requirements.txt": "flask\ngunicorn\n" });
    expect(installTrees(r.dockerfile, r)).toEqual([{ dir: "/opt/venv", kind: "virtualenv", roots: ["/opt/venv/lib/python3*/site-packages"] }]);
    const v = prune(r, FLASK);
    expect([...v.keys()]).toEqual(["python-prune:bytecode-and-tests", "python-prune:tests"]);
    // root runs the app and can write /opt/venv: the byte-code comes back once per container
    expect(v.get("python-prune:bytecode-and-tests")!.summary).toBe(
      "byte-code (__pycache__) and test suites of the packages in /opt/venv deleted in the builder; slower first start: recompiled once per new container, into its own layer",
    );
    expect(v.get("python-prune:tests")!.summary).toBe("test suites (tests/, test/ inside packages) of the packages in /opt/venv deleted in the builder");
    const text = v.get("python-prune:bytecode-and-tests")!.apply(r.dockerfile)!;
    expect(text).toContain(
      "RUN pip install --no-cache-dir -r requirements.txt\n\n# slimstage search: the installed packages' byte-code and test suites may not be needed at run time\nRUN for sp in /opt/venv/lib/python3*/site-packages; do \\\n",
    );
    expect(text).toContain(`find "$sp" -type d -name __pycache__ -prune -exec rm -rf '{}' +`);
    // the block goes right before the final stage, and nothing else changes
    expect(text.indexOf("done\n\n# slimstage: the final stage")).toBeGreaterThan(0);
    expect(withoutBlock(text)).toBe(r.dockerfile);
    // the edited Dockerfile parses, with one RUN more in the builder
    const before = readOutput(r.dockerfile);
    const after = readOutput(text);
    expect(after.stages[0]!.body.length).toBe(before.stages[0]!.body.length + 1);
    expect(after.stages[1]!.body.map((l) => l.ins.kind)).toEqual(before.stages[1]!.body.map((l) => l.ins.kind));
    const tests = v.get("python-prune:tests")!.apply(r.dockerfile)!;
    expect(tests).not.toContain("__pycache__");
    expect(tests).toContain("-name tests");
    expect(parseDockerfile(tests).instructions.length).toBe(parseDockerfile(r.dockerfile).instructions.length + 1);
  });

  it("says that a non-root user recompiles at every start, and combines with the virtualenv variant", async () => {
    const { text, files } = fixture("python-flask-gunicorn", ["requirements.txt", "app.py", "gunicorn.conf.py"]);
    const r = await convert(text, files);
    const all = variantsFor({ result: r, originalText: text, facts });
    expect(all.map((d) => d[0]!.dimension)).toEqual(expect.arrayContaining(["python-venv", "python-prune"]));
    const v = prune(r, text);
    expect(v.get("python-prune:bytecode-and-tests")!.summary).toMatch(/; slower starts: recompiled at every start \(USER web cannot write it back\)$/);
    // both RUNs at the end of the builder, in the order the search applies them, and the app's directory untouched
    const both = all.flat().filter((x) => x.id === "python-venv:no-pip" || x.id === "python-prune:bytecode-and-tests");
    const edited = both.reduce((t, x) => x.apply(t) ?? t, r.dockerfile);
    expect(edited).toMatch(/pip uninstall --yes --quiet pip wheel\n\n# slimstage search: the installed packages' byte-code[^\n]*\nRUN for sp in \/opt\/venv\//);
    expect(edited.match(/RUN for sp in [^\n]*/g)).toEqual(["RUN for sp in /opt/venv/lib/python3*/site-packages; do \\"]);
    expect(edited).not.toMatch(/rm -rf[^\n]*\/home\/web\/app/);
  });

  it("applies to a pip --user tree copied with its owner, and to a pip --target directory", async () => {
    const { text, files } = fixture("python-user-install-nonroot", ["requirements.txt", "wsgi.py"]);
    const r = await convert(text, files);
    expect(installTrees(r.dockerfile, r)).toEqual([{ dir: "/home/appuser/.local", kind: "user", roots: ["/home/appuser/.local/lib/python3*/site-packages"] }]);
    const user = prune(r, text).get("python-prune:bytecode-and-tests")!;
    // the copy is chowned to the user that runs the app: it writes the byte-code back
    expect(user.summary).toMatch(/slower first start: recompiled once per new container/);
    expect(user.apply(r.dockerfile)).toMatch(
      /\nUSER appuser\n[^]*RUN for sp in \/home\/appuser\/\.local\/lib\/python3\*\/site-packages; do[^]*# slimstage: the final stage/,
    );

    const target = `FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --target /opt/pkgs -r requirements.txt\nENV PYTHONPATH=/opt/pkgs PYTHONDONTWRITEBYTECODE=1\nCOPY . .\nCMD ["python", "app.py"]\n`;
    const t = await convert(target, { "requirements.txt": "flask\n" });
    expect(installTrees(t.dockerfile, t)).toEqual([{ dir: "/opt/pkgs", kind: "target", roots: ["/opt/pkgs"] }]);
    const tv = prune(t, target).get("python-prune:bytecode-and-tests")!;
    expect(tv.summary).toMatch(/recompiled at every start \(PYTHONDONTWRITEBYTECODE\)$/);
    expect(tv.apply(t.dockerfile)).toContain("RUN for sp in /opt/pkgs; do \\\n");
  });

  it("applies to a site-packages tree the final stage copies whole, and to a virtualenv inside the app's directory without touching the app", async () => {
    const r = await convert(FLASK, { "requirements.txt": "flask\n" });
    const sp = "/usr/local/lib/python3.11/site-packages";
    const text = r.dockerfile.replace("COPY --from=builder /opt/venv /opt/venv", `COPY --from=builder ${sp} ${sp}`);
    const copied: Converted = { ...r, dockerfile: text, plan: { ...r.plan, artifacts: [{ path: sp, dest: sp, why: "site-packages", lines: [] }] } };
    expect(installTrees(text, copied)).toEqual([{ dir: sp, kind: "site-packages", roots: [sp] }]);
    expect(prune(copied, FLASK).get("python-prune:tests")!.apply(text)).toContain(`RUN for sp in ${sp}; do`);

    const own = `FROM python:3.11\nWORKDIR /app\nRUN python -m venv /app/.venv\nCOPY requirements.txt .\nRUN /app/.venv/bin/pip install -r requirements.txt\nCOPY . .\nCMD ["/app/.venv/bin/python", "app.py"]\n`;
    const o = await convert(own, { "requirements.txt": "flask\n" });
    expect(installTrees(o.dockerfile, o)).toEqual([{ dir: "/app/.venv", kind: "virtualenv", roots: ["/app/.venv/lib/python3*/site-packages"] }]);
    const edited = prune(o, own).get("python-prune:bytecode-and-tests")!.apply(o.dockerfile)!;
    expect(edited.match(/RUN for sp in [^;]*/)![0]).toBe("RUN for sp in /app/.venv/lib/python3*/site-packages");

    // pip --target into the app's own WORKDIR: the tree holds the app's files too, so it is left alone
    const intoApp = `FROM python:3.11\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir --target /app -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n`;
    const t = await convert(intoApp, { "requirements.txt": "flask\n" });
    expect(t.dockerfile).toContain("COPY --from=builder /app /app\n");
    expect(installTrees(t.dockerfile, t)).toEqual([]);
    expect(prune(t, intoApp).size).toBe(0);
  });

  it("is not offered for Node or Go conversions, nor for a Python one that copies no installed packages", async () => {
    const go = `FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/srv .\nCMD ["srv"]\n`;
    const node = `FROM node:18\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nCMD ["node", "dist/main.js"]\n`;
    for (const [text, files] of [
      [go, { "go.mod": "module example.com/srv\n\ngo 1.19\n" }],
      [node, { "package.json": '{"name":"a","scripts":{"build":"tsc"},"devDependencies":{"typescript":"5.4.5"}}' }],
    ] as const) {
      const r = await convert(text, files);
      expect(prune(r, text).size).toBe(0);
    }
    // the venv no longer copied (a repair or another variant rewrote the final stage): apply says so
    const r = await convert(FLASK, { "requirements.txt": "flask\n" });
    const v = prune(r, FLASK).get("python-prune:tests")!;
    expect(v.apply(r.dockerfile.replace("COPY --from=builder /opt/venv /opt/venv", "COPY --from=builder /opt/other /opt/other"))).toBeUndefined();
  });

  it("the byte-code level covers the tests level: once it verifies, the search skips the tests level with the same other variants", async () => {
    const r = await convert(FLASK, { "requirements.txt": "flask\n" });
    const dims = variantsFor({ result: r, originalText: FLASK, facts });
    const list = candidates(dims);
    const byId = (id: string) => list.find((c) => c.id === id)!;
    const verified = [byId("python-venv:no-pip+python-prune:bytecode-and-tests")];
    expect(dominatedBy(byId("python-venv:no-pip+python-prune:tests"), verified)?.id).toBe("python-venv:no-pip+python-prune:bytecode-and-tests");
    expect(dominatedBy(byId("python-prune:tests"), verified)).toBeDefined();
    // not the other way round, and not across the virtualenv's levels
    expect(dominatedBy(byId("python-venv:no-pip+python-prune:bytecode-and-tests"), [byId("python-venv:no-pip+python-prune:tests")])).toBeUndefined();
    expect(dominatedBy(byId("python-venv:no-packaging+python-prune:tests"), verified)).toBeUndefined();
    // python-venv:no-packaging covers no-pip in the same way
    const strongest = [byId("python-venv:no-packaging+python-prune:bytecode-and-tests")];
    expect(dominatedBy(byId("python-venv:no-pip+python-prune:tests"), strongest)).toBeDefined();
    expect(dominatedBy(byId("python-venv:no-pip"), strongest)).toBeDefined();
  });
});

describe("python-prune's RUN, run by a real shell on a made-up site-packages", () => {
  const layout = {
    "flask/__init__.py": "",
    "flask/__pycache__/app.cpython-311.pyc": "x",
    "pkg/__init__.py": "",
    "pkg/tests/__init__.py": "",
    "pkg/tests/test_pkg.py": "",
    "pkg/sub/__init__.py": "",
    "pkg/sub/tests/test_sub.py": "",
    "pkg/testing/__init__.py": "",
    "pkg/data/tests/fixture.json": "",
    "django/__init__.py": "",
    "django/test/__init__.py": "",
    "django/test/client.py": "",
    "tornado/__init__.py": "",
    "tornado/test/__init__.py": "",
    "tornado/test/test_web.py": "",
    "tests/__init__.py": "",
    "nspkg/tests/test_ns.py": "",
    "pkg-1.0.dist-info/RECORD": "",
  };
  const run = (byteCode: boolean) => {
    const root = mkdtempSync(join(tmpdir(), "slimstage-prune-"));
    const sp = join(root, "venv", "lib", "python3.11", "site-packages");
    for (const [f, body] of Object.entries(layout)) {
      mkdirSync(dirname(join(sp, f)), { recursive: true });
      writeFileSync(join(sp, f), body);
    }
    // the app's own files next to it: never searched
    mkdirSync(join(root, "app", "tests"), { recursive: true });
    writeFileSync(join(root, "app", "__init__.py"), "");
    writeFileSync(join(root, "app", "tests", "test_app.py"), "");
    const script = pruneRun([`${root}/venv/lib/python3*/site-packages`, `${root}/missing/lib/python3*/site-packages`], byteCode).replace(/^RUN /, "");
    const res = spawnSync("sh", ["-c", script], { encoding: "utf8" });
    expect(res.stderr).toBe("");
    expect(res.status).toBe(0);
    const kept = (f: string) => existsSync(join(sp, f));
    return { kept, app: existsSync(join(root, "app", "tests", "test_app.py")) };
  };

  it("deletes test suites inside regular packages and keeps everything else", () => {
    const { kept, app } = run(false);
    expect(["pkg/tests", "pkg/sub/tests", "tornado/test"].filter(kept)).toEqual([]);
    expect(
      [
        "pkg/__init__.py",
        "pkg/testing/__init__.py",
        "pkg/data/tests/fixture.json",
        "django/test/client.py",
        "tests/__init__.py",
        "nspkg/tests/test_ns.py",
      ].filter((f) => !kept(f)),
    ).toEqual([]);
    expect(kept("flask/__pycache__/app.cpython-311.pyc")).toBe(true);
    expect(kept("pkg-1.0.dist-info/RECORD")).toBe(true);
    expect(app).toBe(true);
  });

  it("the byte-code level deletes __pycache__ too", () => {
    const { kept, app } = run(true);
    expect(kept("flask/__pycache__")).toBe(false);
    expect(kept("pkg/tests")).toBe(false);
    expect(kept("flask/__init__.py") && kept("django/test/client.py")).toBe(true);
    expect(app).toBe(true);
  });
});
