// The project's own parser cases: what BuildKit's fixtures do not cover (heredocs, escapes, directives, locations,
// line endings), each checked against the dump BuildKit gives for the same input.
import { describe, expect, it } from "vitest";
import { DockerfileError } from "../errors.js";
import { dumpBuildkit, parseDockerfile, printDockerfile } from "./index.js";
import type { InstructionNode } from "./types.js";

const dump = (text: string) => dumpBuildkit(parseDockerfile(text)).trimEnd();
const nodes = (text: string) => parseDockerfile(text).instructions;
const first = (text: string) => nodes(text)[0] as InstructionNode;

function parseError(text: string): DockerfileError {
  try {
    parseDockerfile(text, { file: "Dockerfile" });
  } catch (e) {
    if (e instanceof DockerfileError) return e;
    throw e;
  }
  throw new Error("expected a parse error");
}

describe("instruction shapes", () => {
  it("splits keyword, flags and arguments", () => {
    expect(dump("FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n")).toBe('(from ["--platform=$BUILDPLATFORM"] "golang:1.22" "AS" "build")');
    expect(dump("COPY --from=build --chown=app:app --chmod=755 /out /bin/\n")).toBe('(copy ["--from=build" "--chown=app:app" "--chmod=755"] "/out" "/bin/")');
  });

  it("removes quotes and escapes inside flags and stops at a bare --", () => {
    expect(dump('RUN --mount="type=cache,target=/root/.cache" pip install x\n')).toBe('(run ["--mount=type=cache,target=/root/.cache"] "pip install x")');
    expect(dump("RUN -- --not-a-flag\n")).toBe('(run "--not-a-flag")');
  });

  it("keeps exec and shell form apart", () => {
    expect(first('CMD ["python", "app.py"]\n')).toMatchObject({ json: true, args: ["python", "app.py"] });
    expect(first("CMD python app.py\n")).toMatchObject({ json: false, args: ["python app.py"] });
    // invalid JSON falls back to shell form, a non-string element is an error
    expect(first("CMD [\"a\", 'b']\n")).toMatchObject({ json: false });
    expect(parseError('CMD ["a", 1]\n').reason).toBe("when using JSON array syntax, arrays must be comprised of strings only");
  });

  it("gives ENV/LABEL triples in both forms", () => {
    expect(dump('ENV A=1 B="two words"\n')).toBe('(env "A" "1" "=" "B" "\\"two words\\"" "=")');
    expect(dump("ENV PATH /usr/local/bin:$PATH\n")).toBe('(env "PATH" "/usr/local/bin:$PATH" "")');
    expect(dump("LABEL maintainer=me version=1\n")).toBe('(label "maintainer" "me" "=" "version" "1" "=")');
    expect(parseError("ENV A=1 B\n").reason).toMatch(/can't find = in "B"/);
  });

  it("keeps ARG words whole, quotes included", () => {
    expect(dump('ARG A=1 B="x y" C\n')).toBe('(arg "A=1" "B=\\"x y\\"" "C")');
  });

  it("nests ONBUILD and keeps its flags", () => {
    expect(dump("ONBUILD RUN echo hi\nONBUILD COPY . /app\n")).toBe('(onbuild (run "echo hi"))\n(onbuild (copy "." "/app"))');
    expect(dump("FROM x\nONBUILD\n")).toBe('(from "x")\n(onbuild)');
  });

  it("shapes HEALTHCHECK, SHELL, MAINTAINER, STOPSIGNAL and unknown instructions", () => {
    expect(dump("HEALTHCHECK --interval=5s CMD curl -f http://localhost/\n")).toBe('(healthcheck ["--interval=5s"] "CMD" "curl -f http://localhost/")');
    expect(dump("HEALTHCHECK NONE\n")).toBe('(healthcheck "NONE")');
    expect(dump('SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n')).toBe('(shell "/bin/bash" "-o" "pipefail" "-c")');
    expect(dump("MAINTAINER Jane Doe <jane@example.com>\n")).toBe('(maintainer "Jane Doe <jane@example.com>")');
    expect(dump("STOPSIGNAL SIGTERM\n")).toBe('(stopsignal "SIGTERM")');
    expect(dump("FOO bar baz\n")).toBe('(foo "")');
  });

  it("keeps keyword case as written but dispatches on lower case", () => {
    const n = first("from ubuntu AS Base\n");
    expect(n.keyword).toBe("from");
    expect(n.name).toBe("from");
    expect(n.args).toEqual(["ubuntu", "AS", "Base"]);
  });
});

describe("continuations", () => {
  it("joins lines with nothing inserted and keeps continuation indentation", () => {
    expect(dump("RUN echo good\\\nbye\n")).toBe('(run "echo goodbye")');
    expect(dump("RUN echo hello \\\n    world\n")).toBe('(run "echo hello     world")');
  });

  it("skips comments and empty lines inside a continuation, warning about empty ones", () => {
    const tree = parseDockerfile("RUN apt-get update \\\n# a comment\n\n    && apt-get install -y gcc\n");
    expect(dumpBuildkit(tree).trimEnd()).toBe('(run "apt-get update     && apt-get install -y gcc")');
    expect(tree.warnings).toHaveLength(1);
    expect(tree.warnings[0]?.message).toMatch(/^Empty continuation line found in: RUN apt-get update/);
  });

  it("does not continue after a doubled escape, and ends at EOF", () => {
    expect(dump("RUN echo trailing\\\\\nRUN x\n")).toBe('(run "echo trailing\\\\\\\\")\n(run "x")');
    expect(dump("RUN echo a \\")).toBe('(run "echo a")');
  });

  it("uses the backtick escape from the directive", () => {
    expect(dump("# escape=`\nFROM windows\nRUN dir `\n  c:\\\\\n")).toBe('(from "windows")\n(run "dir   c:\\\\\\\\")');
    expect(parseDockerfile("# escape=`\nFROM x\n").escapeToken).toBe("`");
  });
});

describe("directives", () => {
  it("reads syntax, escape and check only from the leading comment block", () => {
    const tree = parseDockerfile("# syntax=docker/dockerfile:1\n# check=skip=all\n# escape=\\\nFROM x\n");
    expect(tree.directives.map((d) => [d.name, d.value])).toEqual([
      ["syntax", "docker/dockerfile:1"],
      ["check", "skip=all"],
      ["escape", "\\"],
    ]);
  });

  it("ends the block at an ordinary comment, a blank line or an unknown directive", () => {
    expect(parseDockerfile("# hello\n# escape=`\nFROM x\n").escapeToken).toBe("\\");
    expect(parseDockerfile("\n# escape=`\nFROM x\n").escapeToken).toBe("\\");
    expect(parseDockerfile("# foo=bar\n# escape=`\nFROM x\n").escapeToken).toBe("\\");
    expect(parseDockerfile("# ESCAPE = `\nFROM x\n").escapeToken).toBe("`");
  });

  it("rejects repeated directives and bad escape tokens, with their line", () => {
    const e = parseError("# escape=`\n# escape=\\\nFROM x\n");
    expect(e.reason).toBe("only one escape parser directive can be used");
    expect(e.range?.start.line).toBe(2);
    expect(parseError("# escape=x\nFROM x\n").reason).toMatch(/invalid escape token 'x'/);
  });

  it("keeps directive lines out of the instruction's comments", () => {
    const n = first("# syntax=docker/dockerfile:1\n# the base\nFROM x\n");
    expect(n.comments).toEqual(["the base"]);
  });
});

describe("heredocs", () => {
  it("attaches bodies to RUN and keeps them out of the instruction list", () => {
    const text = 'FROM x\nRUN <<EOF\napt-get update\napt-get install -y gcc\nEOF\nCMD ["x"]\n';
    const tree = parseDockerfile(text);
    expect(dumpBuildkit(tree).trimEnd()).toBe('(from "x")\n(run "<<EOF")\n(cmd "x")');
    const run = tree.instructions[1] as InstructionNode;
    expect(run.heredocs).toEqual([
      expect.objectContaining({ name: "EOF", expand: true, chomp: false, fileDescriptor: 0, content: "apt-get update\napt-get install -y gcc\n" }),
    ]);
    expect(run.heredocs[0]?.terminatorRange.start.line).toBe(5);
    expect(run.range.end.line).toBe(5);
  });

  it("handles several heredocs, quoted delimiters, <<- and file descriptors", () => {
    const text = "COPY <<FILE1 <<'FILE2' /dest/\none $X\nFILE1\ntwo $X\nFILE2\nRUN 3<<-\"END\" python3\n\tprint(1)\n\tEND\n";
    const [copy, run] = nodes(text) as [InstructionNode, InstructionNode];
    expect(copy.args).toEqual(["<<FILE1", "<<'FILE2'", "/dest/"]);
    expect(copy.heredocs.map((h) => [h.name, h.expand, h.content])).toEqual([
      ["FILE1", true, "one $X\n"],
      ["FILE2", false, "two $X\n"],
    ]);
    expect(run.heredocs[0]).toMatchObject({ name: "END", chomp: true, expand: false, fileDescriptor: 3, content: "\tprint(1)\n" });
  });

  it("recognises heredocs under ONBUILD and with RUN flags", () => {
    const [ob, run] = nodes("ONBUILD RUN <<EOF\necho hi\nEOF\nRUN --mount=type=cache,target=/c <<X\nls\nX\n") as InstructionNode[];
    expect(ob?.heredocs.map((h) => h.name)).toEqual(["EOF"]);
    expect(run?.heredocs.map((h) => h.name)).toEqual(["X"]);
    expect(dump("RUN --mount=type=cache,target=/c <<X\nls\nX\n")).toBe('(run ["--mount=type=cache,target=/c"] "<<X")');
  });

  it("ignores quoted markers, exec form and other instructions", () => {
    expect(nodes('RUN "<<NOHEREDOC"\nFROM x\n')).toHaveLength(2);
    expect(nodes('RUN ["cat", "<<EOF"]\nFROM x\n')).toHaveLength(2);
    expect(nodes("ENV A=<<EOF\nFROM x\n")).toHaveLength(2);
  });

  it("reports an unterminated heredoc at its instruction", () => {
    const e = parseError("FROM x\nRUN <<EOF\necho hi\n");
    expect(e.reason).toMatch(/unterminated heredoc/);
    expect(e.range?.start.line).toBe(2);
  });
});

describe("losslessness and locations", () => {
  const samples = [
    "FROM x\r\nRUN a \\\r\n  b\r\n",
    "\uFEFFFROM x\nRUN y",
    "FROM x\n\tRUN\techo\t1\n  # indented comment\n\n",
    "# syntax=docker/dockerfile:1\nFROM x\nRUN <<EOF\nbody\nEOF\n# trailing comment",
    "FROM x\nRUN echo \\\n\n  # c\n  hi\n\n\n",
  ];
  it.each(samples)("prints %j back byte for byte", (text) => {
    expect(printDockerfile(parseDockerfile(text))).toBe(text);
  });

  it("partitions the file into items that cover every byte in order", () => {
    const text = samples[3] as string;
    const items = parseDockerfile(text).items;
    expect(items.map((i) => i.type)).toEqual(["directive", "instruction", "instruction", "comment"]);
    let offset = 0;
    for (const item of items) {
      expect(item.range.start.offset).toBe(offset);
      offset += item.raw.length;
    }
    expect(offset).toBe(text.length);
  });

  it("strips CRLF and a BOM from values, and does not count the BOM as a column", () => {
    const tree = parseDockerfile("\uFEFFFROM x\r\nRUN a \\\r\n  b\r\n");
    expect(dumpBuildkit(tree)).toBe('(from "x")\n(run "a   b")\n');
    expect(tree.items[0]?.type).toBe("bom");
    expect(tree.instructions[0]?.keywordRange.start).toEqual({ line: 1, column: 1, offset: 1 });
  });

  it("treats CRLF blank lines, whitespace-only lines and \\r runs as BuildKit does (no phantom instruction)", () => {
    const text = 'FROM x\r\n\r\n  \r\n\r\r\n# c\r\nRUN a \\\r\n\r\n  b\r\nCMD ["y"]\r\r\n';
    const tree = parseDockerfile(text);
    expect(dumpBuildkit(tree)).toBe('(from "x")\n(run "a   b")\n(cmd "y")\n');
    expect(tree.items.map((i) => i.type)).toEqual(["instruction", "blank", "blank", "blank", "comment", "instruction", "instruction"]);
    expect(tree.instructions.map((n) => n.range.start.line)).toEqual([1, 6, 9]);
    expect(tree.warnings.map((w) => w.code)).toEqual(["empty-continuation-line"]);
    expect(printDockerfile(tree)).toBe(text);
  });

  it("ends a heredoc at a CRLF terminator and keeps the body's line endings", () => {
    const n = parseDockerfile("FROM x\r\nRUN <<EOF\r\necho hi\r\nEOF\r\n").instructions[1];
    expect(n?.heredocs[0]?.content).toBe("echo hi\r\n");
  });

  it("locates keywords, flags and arguments across continuation lines", () => {
    const n = first("  COPY \\\n   --from=build \\\n   /a /b\n");
    expect(n.keywordRange.start).toMatchObject({ line: 1, column: 3 });
    expect(n.flags[0]?.range.start).toMatchObject({ line: 2, column: 4 });
    expect(n.flags[0]?.range.end).toMatchObject({ line: 2, column: 16 }); // exclusive end
    expect(n.argsRange.start).toMatchObject({ line: 3, column: 4 });
    expect(n.range.start.line).toBe(1);
    expect(n.range.end.line).toBe(3);
  });
});

describe("errors", () => {
  it("rejects a file with no instructions", () => {
    expect(parseError("").reason).toBe("file with no instructions");
    expect(parseError("# just a comment\n\n").reason).toBe("file with no instructions");
  });

  it("rejects lines longer than BuildKit's scanner allows", () => {
    const e = parseError(`FROM x\nRUN echo ${"a".repeat(70_000)}\n`);
    expect(e.reason).toMatch(/greater than max allowed size of 65535/);
    expect(e.range?.start.line).toBe(2);
  });

  it("formats errors as file:line:column: reason", () => {
    expect(parseError("FROM x\nLABEL a\n").message).toBe("Dockerfile:2:7: LABEL must have two arguments");
  });
});

describe("positions inside arguments", () => {
  it("maps an index in a continued shell-form command back to its line and column", async () => {
    const { positionInArgs } = await import("./index.js");
    const n = first("FROM x\nRUN apt-get update \\\n    && apt-get install -y gcc\n".replace("FROM x\n", ""));
    const at = (n.args[0] as string).indexOf("apt-get install");
    expect(positionInArgs(n, at)).toMatchObject({ line: 2, column: 8 });
    expect(positionInArgs(n, 0)).toMatchObject({ line: 1, column: 5 });
  });
});
