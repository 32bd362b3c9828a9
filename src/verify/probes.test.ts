import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.js";
import { parseProbe, parseProbeFile, splitWords } from "./probes.js";

describe("splitWords", () => {
  it("splits plain words and honours quotes and backslashes", () => {
    expect(splitWords(`python -c "import MySQLdb, flask; print('ok')"`)).toEqual({ argv: ["python", "-c", "import MySQLdb, flask; print('ok')"] });
    expect(splitWords(`echo 'a  b' c\\ d "x\\"y"`)).toEqual({ argv: ["echo", "a  b", "c d", 'x"y'] });
    expect(splitWords("  ls   -l  ")).toEqual({ argv: ["ls", "-l"] });
  });
  it("asks for a shell when the text uses shell syntax outside quotes", () => {
    expect(splitWords("ls | wc -l")).toEqual({ argv: null });
    expect(splitWords("test -f /app/app.py && echo yes")).toEqual({ argv: null });
    expect(splitWords('echo "$HOME"')).toEqual({ argv: null });
    expect(splitWords("ls *.py")).toEqual({ argv: null });
    // quoted operators are just text
    expect(splitWords("echo '|' ';'")).toEqual({ argv: ["echo", "|", ";"] });
  });
  it("reports an unterminated quote with its column", () => {
    expect(splitWords(`echo "abc`)).toEqual({ error: "unterminated double quote", column: 6 });
    expect(splitWords(`echo 'abc`)).toEqual({ error: "unterminated single quote", column: 6 });
  });
});

describe("parseProbe", () => {
  it("parses every kind", () => {
    expect(parseProbe("default")).toEqual({ kind: "default", spec: "default" });
    expect(parseProbe("default:2.5")).toEqual({ kind: "default", spec: "default:2.5", runMs: 2500 });
    expect(parseProbe("healthcheck")).toEqual({ kind: "healthcheck", spec: "healthcheck" });
    expect(parseProbe("http:8080")).toEqual({ kind: "http", spec: "http:8080", port: 8080, path: "/" });
    expect(parseProbe("http:5000/notes/1?x=1")).toEqual({ kind: "http", spec: "http:5000/notes/1?x=1", port: 5000, path: "/notes/1?x=1" });
    expect(parseProbe("cmd:python -V")).toEqual({ kind: "cmd", spec: "cmd:python -V", command: "python -V", argv: ["python", "-V"] });
    expect(parseProbe("cmd:ls /app | wc -l")).toMatchObject({ kind: "cmd", argv: null, command: "ls /app | wc -l" });
  });
  it("rejects bad specs with a usage error that names the probe", () => {
    expect(() => parseProbe("http:70000/")).toThrow(/--probe: port 70000 is out of range in probe "http:70000\/"/);
    expect(() => parseProbe("http:abc")).toThrow(UsageError);
    expect(() => parseProbe("default:0")).toThrow(/positive number/);
    expect(() => parseProbe("default:1e9")).toThrow(/at most 86400/);
    expect(() => parseProbe("cmd:")).toThrow(/empty command/);
    expect(() => parseProbe("tcp:80")).toThrow(/unknown probe kind/);
    expect(() => parseProbe(`cmd:echo "x`)).toThrow(/unterminated double quote at column 10/);
  });
});

describe("parseProbeFile", () => {
  it("reads one probe per line, skipping comments and blank lines", () => {
    const probes = parseProbeFile("# probes for the app\n\ndefault:3\n  http:5000/health\ncmd:python -c 'print(1)'\n", "probes.txt");
    expect(probes.map((p) => p.spec)).toEqual(["default:3", "http:5000/health", "cmd:python -c 'print(1)'"]);
  });
  it("locates a bad line as file:line:column", () => {
    expect(() => parseProbeFile("default\n\n   bogus\n", "p.txt")).toThrow(/^p\.txt:3:4: unknown probe kind/);
  });
});
