import { beforeAll, describe, expect, it } from "vitest";
import { applySet, commandFromExec, loadShellParser, parseScript, resolveWord, type ShellCommand } from "./script.js";

beforeAll(async () => {
  await loadShellParser();
});

const argvs = (cmds: ShellCommand[]): string[][] => cmds.map((c) => c.argv);

describe("parseScript: commands and words", () => {
  it("splits the mission's RUN into its four commands, in order, with && connectors", () => {
    const text =
      "apt-get update \\\n    && apt-get upgrade -y \\\n    && apt-get install -y gcc default-libmysqlclient-dev pkg-config \\\n    && rm -rf /var/lib/apt/lists/*";
    const s = parseScript(text);
    expect(s.diagnostics).toEqual([]);
    expect(argvs(s.commands)).toEqual([
      ["apt-get", "update"],
      ["apt-get", "upgrade", "-y"],
      ["apt-get", "install", "-y", "gcc", "default-libmysqlclient-dev", "pkg-config"],
      ["rm", "-rf", "/var/lib/apt/lists/*"],
    ]);
    expect(s.commands.map((c) => c.connector)).toEqual(["start", "&&", "&&", "&&"]);
    const rm = s.commands[3]!;
    expect(rm.words[2]!.glob).toBe(true);
    expect(rm.range.start).toEqual({ line: 4, column: 8, offset: text.indexOf("rm -rf") });
    expect(text.slice(rm.range.start.offset, rm.range.end.offset)).toBe("rm -rf /var/lib/apt/lists/*");
  });

  it("removes quotes and escapes from static words and keeps expansions as text, flagged dynamic", () => {
    const s = parseScript(`echo "a b" 'c $d' e\\ f --x="y"z'q' "/bin/$APP" \${V:-1} $'t\\tu'`);
    const [cmd] = s.commands;
    expect(cmd!.argv).toEqual(["echo", "a b", "c $d", "e f", "--x=yzq", "/bin/$APP", "${V:-1}", "t\tu"]);
    expect(cmd!.words.map((w) => w.dynamic)).toEqual([false, false, false, false, false, true, true, false]);
    expect(cmd!.words[5]!.parts).toEqual([
      { kind: "literal", value: "/bin/", quoted: true },
      { kind: "variable", name: "APP", text: "$APP", quoted: true },
    ]);
    expect(resolveWord(cmd!.words[5]!, (n) => (n === "APP" ? "server" : undefined))).toBe("/bin/server");
    expect(resolveWord(cmd!.words[6]!, () => undefined)).toBe("1");
    expect(resolveWord(cmd!.words[5]!, () => undefined)).toBeUndefined();
  });

  it("keeps env prefixes apart from argv", () => {
    const s = parseScript("CGO_ENABLED=0 GOOS=linux go build -ldflags='-s -w' -o /bin/server ./cmd/server");
    const [cmd] = s.commands;
    expect(cmd!.name).toBe("go");
    expect(cmd!.argv).toEqual(["go", "build", "-ldflags=-s -w", "-o", "/bin/server", "./cmd/server"]);
    expect(cmd!.assignments.map((a) => [a.name, a.value?.value])).toEqual([
      ["CGO_ENABLED", "0"],
      ["GOOS", "linux"],
    ]);
  });

  it("records redirects, including heredocs, and the commands chained after a heredoc", () => {
    const s = parseScript("make 2>&1 > /tmp/log && cat <<'EOF' > /etc/app.conf && chmod 600 /etc/app.conf\nkey=$v\nEOF\n");
    expect(argvs(s.commands)).toEqual([["make"], ["cat"], ["chmod", "600", "/etc/app.conf"]]);
    expect(s.commands[0]!.redirects.map((r) => [r.fd, r.op, r.target?.value])).toEqual([
      [2, ">&", "1"],
      [undefined, ">", "/tmp/log"],
    ]);
    const cat = s.commands[1]!;
    expect(cat.redirects[0]!.heredoc).toEqual({ delimiter: "EOF", body: "key=$v\n", expands: false });
    expect(cat.redirects[1]!.target?.value).toBe("/etc/app.conf");
    expect(s.commands[2]!.connector).toBe("&&");
  });

  it("lists commands inside $(…) before the command that uses them", () => {
    const s = parseScript('curl -o /tmp/x "https://example.com/$(uname -m)/tool"');
    expect(argvs(s.commands)).toEqual([
      ["uname", "-m"],
      ["curl", "-o", "/tmp/x", "https://example.com/$(uname -m)/tool"],
    ]);
    expect(s.commands[0]!.context).toEqual([{ kind: "substitution" }]);
  });

  it("handles export, bare assignments and test commands", () => {
    const s = parseScript('export PATH="/opt/venv/bin:$PATH" A; X=1; [ -f /x ] && echo "$X"');
    expect(s.commands.map((c) => c.kind)).toEqual(["declaration", "assignment", "test", "simple"]);
    expect(s.commands[0]!.argv).toEqual(["export", "PATH=/opt/venv/bin:$PATH", "A"]);
    expect(s.commands[0]!.assignments.map((a) => a.name)).toEqual(["PATH", "A"]);
    expect(s.commands[2]!.argv).toEqual(["[", "-f", "/x", "]"]);
    expect(s.commands[3]!.vars.get("X")).toBe("1");
    expect(s.commands[0]!.vars.has("X")).toBe(false);
  });
});

describe("parseScript: control context", () => {
  it("marks pipelines, subshells, || and negation", () => {
    const s = parseScript("curl -fsSL https://x | tar xz -C /opt || (echo failed; exit 1); ! grep -q x f");
    const [curl, tar, echo, exit, grep] = s.commands;
    expect(curl!.pipeline).toEqual({ index: 0, length: 2 });
    expect(tar!.pipeline).toEqual({ index: 1, length: 2 });
    expect(tar!.connector).toBe("|");
    expect(echo!.connector).toBe("||");
    expect(echo!.conditional).toBe(true);
    expect(echo!.context).toEqual([{ kind: "subshell" }]);
    expect(exit!.conditional).toBe(true);
    expect(curl!.conditional).toBe(false);
    expect(grep!.context).toEqual([{ kind: "negated" }]);
    expect(grep!.conditional).toBe(false);
  });

  it("marks if/elif/else, loops, case and functions", () => {
    const s = parseScript(
      'if [ "$A" = 1 ]; then a; elif b; then c; else d; fi; for f in *.whl; do pip install "$f"; done; while read l; do e; done < list; case "$ARCH" in amd64) g;; esac; fn() { h; }',
    );
    const ctx = (name: string) => s.commands.find((c) => c.name === name)!.context.map((f) => f.kind + (f.detail ? `:${f.detail}` : ""));
    expect(ctx("[")).toEqual(["if-condition"]);
    expect(ctx("a")).toEqual(["if-then"]);
    expect(ctx("b")).toEqual(["elif-condition"]);
    expect(ctx("c")).toEqual(["elif-then"]);
    expect(ctx("d")).toEqual(["else"]);
    expect(ctx("pip")).toEqual(["for-body:f"]);
    expect(ctx("read")).toEqual(["while-condition"]);
    expect(ctx("e")).toEqual(["while-body"]);
    expect(ctx("g")).toEqual(["case-item:amd64"]);
    expect(ctx("h")).toEqual(["function:fn"]);
    expect(s.commands.find((c) => c.name === "a")!.conditional).toBe(true);
    expect(s.commands.find((c) => c.name === "[")!.conditional).toBe(false);
  });
});

describe("parseScript: working directory", () => {
  it("follows cd (absolute, relative, variables) and keeps it relative when the start is unknown", () => {
    const s = parseScript("a; cd src; b; cd /app && c; cd build; d; cd $HOME; e");
    const cwd = Object.fromEntries(s.commands.map((c) => [c.name, c.cwd]));
    expect(cwd).toMatchObject({ a: ".", b: "src", c: "/app", d: "/app/build", e: undefined });
  });

  it("starts from the given cwd and resolves cd $VAR from env and script variables", () => {
    const s = parseScript("cd $SRC && a; DIR=/opt/x; cd ${DIR}/sub; b; cd ..; c", { cwd: "/w", env: { SRC: "/src" } });
    expect(s.commands.filter((c) => c.kind === "simple" && c.name !== "cd").map((c) => c.cwd)).toEqual(["/src", "/opt/x/sub", "/opt/x"]);
    expect(s.cwd).toBe("/opt/x");
  });

  it("does not leak cd out of a subshell or a pipeline, and forgets it after a branch that may change it", () => {
    const s = parseScript("cd /a; (cd /b; x); y; cd /c | true; z; if t; then cd /d; fi; w", { cwd: "/" });
    const cwd = Object.fromEntries(s.commands.map((c) => [c.name, c.cwd]));
    expect(cwd).toMatchObject({ x: "/b", y: "/a", z: "/a", w: undefined });
  });

  it("follows pushd/popd", () => {
    const s = parseScript("pushd /tmp/b && make && popd && ls", { cwd: "/w" });
    expect(s.commands.map((c) => c.cwd)).toEqual(["/w", "/tmp/b", "/tmp/b", "/w"]);
  });
});

describe("parseScript: set options", () => {
  it("tracks set -e / -o pipefail / +e, not leaking from subshells", () => {
    const s = parseScript("a; set -euxo pipefail; b; (set +e; c); d; set +o pipefail; e");
    const opts = Object.fromEntries(s.commands.filter((c) => c.name !== "set").map((c) => [c.name, c.options]));
    expect(opts.a).toEqual({ errexit: false, pipefail: false });
    expect(opts.b).toEqual({ errexit: true, pipefail: true });
    expect(opts.c).toEqual({ errexit: false, pipefail: true });
    expect(opts.d).toEqual({ errexit: true, pipefail: true });
    expect(opts.e).toEqual({ errexit: true, pipefail: false });
    expect(s.options).toEqual({ errexit: true, pipefail: false });
  });

  it("starts from the SHELL's options", () => {
    expect(parseScript("a", { options: { pipefail: true } }).commands[0]!.options).toEqual({ errexit: false, pipefail: true });
  });

  it("applySet reads clustered flags", () => {
    expect(applySet({ errexit: false, pipefail: false }, ["-ex"])).toEqual({ errexit: true, pipefail: false });
    expect(applySet({ errexit: true, pipefail: false }, ["-o", "pipefail", "+e"])).toEqual({ errexit: false, pipefail: true });
    expect(applySet({ errexit: false, pipefail: false }, ["--", "-e"])).toEqual({ errexit: false, pipefail: false });
  });
});

describe("parseScript: bad shell", () => {
  it("reports syntax errors with locations and keeps the commands it could read", () => {
    const s = parseScript("apt-get update &&\n  if then fi");
    expect(s.diagnostics.length).toBeGreaterThan(0);
    expect(s.diagnostics[0]!.range.start).toEqual({ line: 1, column: 16, offset: 15 });
    expect(s.diagnostics[0]!.range.end.line).toBe(2);
    expect(s.commands[0]!.argv).toEqual(["apt-get", "update"]);
  });

  it("reports an unterminated quote", () => {
    const s = parseScript('echo "abc');
    expect(s.diagnostics.length).toBeGreaterThan(0);
    expect(s.diagnostics[0]!.message).toMatch(/syntax error/);
  });

  it("never throws on arbitrary input", () => {
    for (const t of ["", ";;", "((", "}", "$(", "`", "<<EOF", "if", "a && && b", "\u0000\uffff", "case x in", "${"]) {
      expect(() => parseScript(t)).not.toThrow();
    }
  });
});

describe("commandFromExec", () => {
  it("makes one static command", () => {
    const c = commandFromExec(["/bin/sh", "-c", "echo $HOME"]);
    expect(c.kind).toBe("exec");
    expect(c.name).toBe("/bin/sh");
    expect(c.argv).toEqual(["/bin/sh", "-c", "echo $HOME"]);
    expect(c.words.every((w) => !w.dynamic && !w.glob)).toBe(true);
  });
});
