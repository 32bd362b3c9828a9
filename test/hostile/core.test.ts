// Hostile input to the core (parser, model, shell analysis, analyze, convert, report writers): every class of issue
// 13 that once crashed, hung or took gigabytes, each with its exact outcome — the one located error, or the result —
// and a time or memory bound where that is the point. Bounds are generous: the machine running the tests is shared.
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDockerfile } from "../../src/analyze/dockerfile.js";
import { commandEnv } from "../../src/analyze/analyze.js";
import { ScopeHistory } from "../../src/analyze/scope.js";
import { convertDockerfile } from "../../src/convert/index.js";
import { DockerfileError } from "../../src/errors.js";
import { stageGraph } from "../../src/model/graph.js";
import { buildModel } from "../../src/model/stages.js";
import { writeJson } from "../../src/report/json-writer.js";
import { treeToJSON } from "../../src/report/tree.js";
import { processWord } from "../../src/shell/lex.js";
import { loadShellParser, MAX_SHELL_NESTING, parseScript } from "../../src/shell/script.js";
import { dumpBuildkit, parseDockerfile } from "../../src/syntax/index.js";
import { readImageArchive } from "../../src/image/archive.js";
import { ImageArchiveError } from "../../src/image/errors.js";
import { makeArchive, makeTar } from "../../src/image/testdata/helpers.js";
import { Readable } from "node:stream";
import tar from "tar-stream";
import { runCli } from "../support/cli.js";
import { hasShared, sharedPath } from "../support/shared.js";

const dir = mkdtempSync(join(tmpdir(), "slimstage-hostile-core-"));
const file = (name: string, text: string): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const cli = (args: string[]) => runCli(args, { cwd: dir });

/** The DockerfileError `fn` throws (fails the test if it throws anything else or nothing). */
function dockerfileError(fn: () => unknown): DockerfileError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DockerfileError);
    return e as DockerfileError;
  }
  throw new Error("expected a DockerfileError");
}

const model = (text: string) => buildModel(parseDockerfile(text, { file: "Dockerfile" }));
const doubling = (times: number) => "FROM debian\nENV A=x\n" + "ENV A=$A$A\n".repeat(times);

describe("expansion limits", () => {
  it("stops `ENV A=$A$A` ×27 (344 bytes) at the instruction that passes 1 MiB, in milliseconds and megabytes", async () => {
    const text = doubling(27);
    expect(text.length).toBe(317);
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const r = await cli(["graph", file("doubling.Dockerfile", text)]);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(400e6);
    expect(r.code).toBe(2);
    // 2^21 characters is the first value over the limit: the 21st doubling, on line 23
    expect(r.stderr).toBe(`doubling.Dockerfile:23:1: error: failed to process "$A$A": expanded word longer than 1048576 characters (slimstage's limit)\n`);
  });

  it("limits one word made of many references, a replacement that multiplies, and glob work", () => {
    const e1 = dockerfileError(() => model(doubling(16) + "ENV B=" + "$A".repeat(30_000) + "\n"));
    expect(e1.reason).toMatch(/^failed to process "(\$A){60}…": expanded word longer than 1048576 characters/);
    expect(e1.range?.start.line).toBe(19);
    const e2 = dockerfileError(() => model(doubling(19) + "ENV B=${A//x/$A}\n"));
    expect(e2.reason).toBe(`failed to process "\${A//x/$A}": expanded word longer than 1048576 characters (slimstage's limit)`);
    const e3 = dockerfileError(() => model(doubling(19) + "ENV B=${A%%$A}\n"));
    expect(e3.reason).toBe(`failed to process "\${A%%$A}": pattern of 524288 characters on a value of 524288 is too much work (slimstage's limit)`);
    expect(e3.range?.start.line).toBe(22);
  });

  it("limits the variables of a stage and the total of all expanded words", () => {
    const env = dockerfileError(() => model(doubling(19) + Array.from({ length: 100 }, (_, i) => `ENV B${i}=$A\n`).join("")));
    expect(env.reason).toBe("the variables of this stage add up to more than 8388608 characters (slimstage's limit)");
    expect(env.range?.start.line).toBe(36); // 15 ENVs of 512 Ki each fit beside A
    const labels = doubling(20) + "LABEL a=$A\n".repeat(10_000);
    const total = dockerfileError(() => model(labels));
    expect(total.reason).toBe(`the expanded words of this file add up to more than ${64 * 2 ** 20 + 4 * labels.length} characters (slimstage's limit)`);
    expect(total.range?.start.line).toBeLessThan(100);
  });

  it("lets a caller raise the limits, and keeps the lexer's own limit an option", () => {
    const m = buildModel(parseDockerfile(doubling(21)), { limits: { maxWordLength: 4 << 20, maxEnvLength: 16 << 20 } });
    expect(m.stages[0]!.env.get("A")).toHaveLength(2 ** 21);
    expect(() => processWord("$A$A", { A: "x".repeat(600) }, { maxLength: 1000 })).toThrow(/expanded word longer than 1000 characters/);
  });
});

describe("no recursion the input controls", () => {
  const stageChain = "FROM debian AS s0\n" + Array.from({ length: 4999 }, (_, i) => `FROM s${i} AS s${i + 1}\n`).join("");
  const copyChain =
    "FROM debian AS s0\nRUN touch /f\n" + Array.from({ length: 20_000 }, (_, i) => `FROM debian AS s${i + 1}\nCOPY --from=s${i} /f /f\n`).join("");

  it("walks a 5,000-stage FROM chain and a 20,000-step COPY --from chain", async () => {
    const g1 = stageGraph(parseDockerfile(stageChain));
    expect(g1.order).toHaveLength(5000);
    expect(g1.levels).toHaveLength(5000);
    const g2 = stageGraph(parseDockerfile(copyChain));
    expect(g2.order).toEqual(Array.from({ length: 20_001 }, (_, i) => i));
    const t0 = performance.now();
    const r = await cli(["graph", file("copy-chain.Dockerfile", copyChain)]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toContain("level 20000: s20000");
    expect(performance.now() - t0).toBeLessThan(30_000);
    const a = await analyzeDockerfile(parseDockerfile(stageChain));
    expect(a.final).toBe(4999);
    expect((await convertDockerfile(parseDockerfile(copyChain))).status).toBe("nothing-to-gain");
  }, 120_000);

  it("still finds a cycle, with BuildKit's message", () => {
    const e = dockerfileError(() => stageGraph(parseDockerfile("FROM debian AS a\nCOPY --from=b /x /x\nFROM debian AS b\nCOPY --from=a /y /y\n")));
    expect(e.reason).toBe("circular dependency detected on stage: a (a → b → a)");
  });

  it("analyses 2,000 `&&` terms, 2,000 `|` and `||` terms and 4,000 `;` in one RUN", async () => {
    await loadShellParser();
    for (const op of ["&&", "|", "||", ";", "&"]) {
      const script = parseScript(Array.from({ length: 2000 }, (_, i) => `frob ${i}`).join(` ${op} `));
      expect(script.commands).toHaveLength(2000);
      expect(script.diagnostics).toEqual([]);
      expect(script.commands[1999]!.connector).toBe(op);
    }
    const a = await analyzeDockerfile(parseDockerfile("FROM debian\nRUN " + Array.from({ length: 2000 }, (_, i) => `frob ${i}`).join(" && ") + "\n"));
    expect(a.stages[0]!.runs[0]!.unrecognized).toHaveLength(2000);
  });

  it("keeps `a || b && c` semantics when it flattens lists", async () => {
    await loadShellParser();
    const s = parseScript("a && b || c && d; e");
    expect(s.commands.map((c) => [c.name, c.connector, c.conditional])).toEqual([
      ["a", "start", false],
      ["b", "&&", false],
      ["c", "||", true],
      ["d", "&&", false],
      ["e", ";", false],
    ]);
  });

  it("stops descending 10,000 nested `${a:-…}`, `$(…)` and subshells with one located diagnostic", async () => {
    await loadShellParser();
    const message = `shell constructs nested more than ${MAX_SHELL_NESTING} levels deep (slimstage's limit; what is deeper is not analysed)`;
    for (const text of [
      "echo " + "${a:-".repeat(10_000) + "x" + "}".repeat(10_000),
      "echo " + "$(echo ".repeat(3000) + "x" + ")".repeat(3000),
      "( ".repeat(5000) + "echo x" + " )".repeat(5000),
    ]) {
      const s = parseScript(text);
      expect(s.diagnostics.map((d) => d.message)).toEqual([message]);
      expect(s.diagnostics[0]!.range.start.line).toBe(1);
    }
    const tree = parseDockerfile("FROM debian\nRUN echo " + "${a:-".repeat(10_000) + "x" + "}".repeat(10_000) + "\n");
    const run = (await analyzeDockerfile(tree)).stages[0]!.runs[0]!;
    expect(run.diagnostics.map((d) => [d.message, d.at.line])).toEqual([[message, 2]]);
  });

  it("analyses a 500,000-line heredoc", async () => {
    const text = "FROM debian\nRUN <<EOF\n" + "frob x\n".repeat(500_000) + "EOF\n";
    const tree = parseDockerfile(text);
    expect(tree.instructions[1]!.heredocs[0]!.content).toHaveLength(7 * 500_000);
    const run = (await analyzeDockerfile(tree)).stages[0]!.runs[0]!;
    expect(run.unrecognized).toHaveLength(500_000);
    expect(run.unrecognized[499_999]!.at.line).toBe(500_002);
  }, 240_000);

  it("writes the JSON of a 20,000-item tree in chunks, exactly as JSON.stringify", () => {
    const tree = parseDockerfile("FROM debian\n" + "# c\n".repeat(20_000) + "RUN true\n");
    const chunks: string[] = [];
    writeJson(treeToJSON(tree), (c) => chunks.push(c));
    expect(chunks.length).toBeGreaterThan(50);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70_000);
    expect(chunks.join("")).toBe(JSON.stringify(treeToJSON(tree), null, 2) + "\n");
  });

  it("writes what JSON.stringify writes for odd values", () => {
    const values: unknown[] = [
      { a: undefined, b: [undefined, () => 1, null], c: {}, d: [], e: { toJSON: () => "t" }, f: '\u2028"\n', g: 1e21, h: -0 },
      [],
      "x",
      [[[]], [{}]],
    ];
    for (const v of values) {
      let out = "";
      writeJson(v, (c) => (out += c));
      expect(out).toBe(JSON.stringify(v, null, 2) + "\n");
    }
  });

  it.runIf(hasShared)("writes the corpus trees exactly as JSON.stringify", () => {
    const real = sharedPath("corpus", "real");
    for (const name of readdirSync(real).slice(0, 100)) {
      let tree;
      try {
        tree = parseDockerfile(readFileSync(join(real, name), "utf8"));
      } catch {
        continue;
      }
      let out = "";
      writeJson(treeToJSON(tree), (c) => (out += c));
      expect(out).toBe(JSON.stringify(treeToJSON(tree), null, 2) + "\n");
    }
  });
});

describe("linear time", () => {
  it("recognises 40,000 apt package names in one install in linear time", async () => {
    const names = (n: number) => "FROM debian\nRUN apt-get install -y \\\n" + Array.from({ length: n }, (_, i) => `  pkg${i} \\\n`).join("") + "  last\n";
    await loadShellParser();
    const time = async (n: number) => {
      const tree = parseDockerfile(names(n));
      const t0 = performance.now();
      const a = await analyzeDockerfile(tree);
      const ms = performance.now() - t0;
      const fact = a.stages[0]!.runs[0]!.facts[0]!.value;
      expect(fact.kind === "system-packages" && fact.packages.length).toBe(n + 1);
      return ms;
    };
    await time(1000);
    const small = await time(10_000);
    const large = await time(40_000);
    // quadratic would be 16 times slower; allow for a loaded machine
    expect(large / small).toBeLessThan(10);
  }, 120_000);

  it("parses 100,000 comment lines above one instruction in linear time", () => {
    const parse = (n: number) => {
      const t0 = performance.now();
      const tree = parseDockerfile("FROM debian\n" + "# c\n".repeat(n) + "RUN true\n");
      expect(tree.instructions[1]!.comments).toHaveLength(n);
      return performance.now() - t0;
    };
    parse(1000);
    // a copy per comment line took 4 s for 20,000 and 19 s for 40,000
    expect(parse(100_000)).toBeLessThan(5000);
  });

  it("gives each RUN the variables of its moment without copying the scope", () => {
    const scope = new ScopeHistory();
    scope.setArg("A", "arg");
    scope.setEnv("B", "1");
    const first = scope.snapshot();
    scope.setEnv("A", "env");
    scope.setEnv("B", "2");
    const second = scope.snapshot();
    expect([first.A, first.B, second.A, second.B]).toEqual(["arg", "1", "env", "2"]);
    expect(Object.keys(second).sort()).toEqual(["A", "B"]);
    expect(first.constructor).toBeUndefined();
    expect({ ...first }).toEqual({ A: "arg", B: "1" });
  });

  it("layers a command's own variables over the scope, an unknown one hiding the scope's", async () => {
    await loadShellParser();
    const scope = new ScopeHistory();
    scope.setEnv("KEEP", "k");
    scope.setEnv("GONE", "g");
    const cmd = parseScript("GONE=$(date); X=1 frob").commands.find((c) => c.name === "frob");
    const env = commandEnv(cmd!, scope.snapshot());
    expect([env.KEEP, env.GONE, env.X]).toEqual(["k", undefined, "1"]);
  });
});

describe("CRLF line endings", () => {
  const crlf =
    'FROM debian:bookworm-slim\r\n\r\n# comment\r\n\r\nRUN echo hi \\\r\n\r\n  && echo there\r\n   \r\nRUN <<EOF\r\necho heredoc\r\nEOF\r\n\r\nCMD ["echo", "ok"]\r\n';

  it("parses as BuildKit does: no phantom instruction from a blank CRLF line", async () => {
    expect(dumpBuildkit(parseDockerfile(crlf))).toBe('(from "debian:bookworm-slim")\n(run "echo hi   && echo there")\n(run "<<EOF")\n(cmd "echo" "ok")\n');
    const name = file("crlf.Dockerfile", crlf);
    const parse = await cli(["parse", name]);
    expect(parse.code).toBe(0);
    expect(parse.stdout).toBe(
      '      1  FROM debian:bookworm-slim\n    5-7  RUN "echo hi   && echo there"\n   9-11  RUN <<EOF (heredocs: EOF)\n     13  CMD ["echo","ok"]\nwarning: line 5: Empty continuation line found in: RUN echo hi   && echo there\n',
    );
    for (const command of ["graph", "analyze"]) {
      const r = await cli([command, name]);
      expect([command, r.code, r.stderr]).toEqual([command, 0, ""]);
    }
    expect((await cli(["graph", name])).stdout).toBe(
      "stage 0 stage-0 (line 1) from debian:bookworm-slim  [target]\n\nbuild order: stage-0\nlevel 0: stage-0\n",
    );
    const convert = await cli(["convert", name]);
    expect(convert.stderr).not.toMatch(/unknown instruction/);
    expect(convert.stderr).toMatch(/nothing to gain/);
  });
});

describe("FROM with a blank base", () => {
  it("gives BuildKit's located error for FROM $UNDEF in every command that reads the model", async () => {
    const name = file("undef.Dockerfile", "FROM $UNDEF\nRUN true\n");
    for (const command of ["graph", "analyze", "convert"]) {
      const r = await cli([command, name]);
      expect([command, r.code, r.stderr]).toEqual([command, 2, "undef.Dockerfile:1:1: error: base name ($UNDEF) should not be blank\n"]);
    }
  });
});

describe("image archives", () => {
  const archiveError = async (items: Parameters<typeof makeTar>[0]): Promise<string> => {
    try {
      await readImageArchive(Readable.from([await makeTar(items)]));
    } catch (e) {
      expect(e).toBeInstanceOf(ImageArchiveError);
      return (e as Error).message;
    }
    throw new Error("expected an ImageArchiveError");
  };
  const cfg = { name: "cfg.json", content: JSON.stringify({ rootfs: { diff_ids: [] }, history: [] }) };

  it("rejects type-confused manifests and configs with a clean message, not a TypeError", async () => {
    const manifest = (entry: unknown) => ({ name: "manifest.json", content: JSON.stringify([entry]) });
    expect(await archiveError([cfg, manifest({ Config: "cfg.json", Layers: "x/layer.tar" })])).toBe(
      "image archive: manifest.json entry 0: Layers is not a list of strings",
    );
    expect(await archiveError([cfg, manifest({ Config: "cfg.json", RepoTags: "app:1", Layers: [] })])).toBe(
      "image archive: manifest.json entry 0: RepoTags is not a list of strings",
    );
    expect(await archiveError([cfg, manifest({ Config: 7, Layers: [] })])).toBe("image archive: manifest.json entry 0: Config is not a string");
    expect(await archiveError([{ name: "cfg.json", content: JSON.stringify({ history: "made by hand" }) }, manifest({ Config: "cfg.json", Layers: [] })])).toBe(
      "image archive: image config cfg.json: history is not a list of objects",
    );
    expect(await archiveError([cfg, { name: "index.json", content: JSON.stringify({ manifests: "all of them" }) }])).toBe(
      "image archive: index.json manifests is not a list of descriptors",
    );
  });

  it("says what is wrong with an empty or invalid manifest instead of 'image undefined' or 'not found'", async () => {
    expect(await archiveError([cfg, { name: "manifest.json", content: "[]" }])).toBe("image archive: manifest.json lists no images");
    expect(await archiveError([cfg, { name: "manifest.json", content: '{"Config": "cfg.json"}' }])).toBe(
      "image archive: manifest.json is not a JSON list of images",
    );
    expect(await archiveError([cfg, { name: "manifest.json", content: "[{" }])).toBe("image archive: manifest.json is not a JSON list of images");
    expect(await archiveError([{ name: "index.json", content: '{"manifests": []}' }])).toBe("image archive: index.json lists no images");
  });

  it("falls back to a valid OCI index when manifest.json is broken", async () => {
    const oci = await makeArchive([{ items: [{ name: "a.txt", content: "a" }] }], { layout: "oci" });
    const items: Parameters<typeof makeTar>[0][number][] = [{ name: "manifest.json", content: '[{"Config": "x", "Layers": "y"}]' }];
    const extract = tar.extract();
    Readable.from([oci]).pipe(extract);
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const c of entry) parts.push(c as Buffer);
      if (entry.header.type === "file") items.push({ name: entry.header.name, content: Buffer.concat(parts) });
    }
    const a = await readImageArchive(Readable.from([await makeTar(items)]));
    expect(a.layout).toBe("oci");
    expect(a.layers).toHaveLength(1);
  });

  it("stops at 64 MiB of JSON members instead of keeping them all (20 × 15 MB took 1.4 GB)", async () => {
    const body = Buffer.concat([Buffer.from('{"pad":"'), Buffer.alloc(15e6, 0x61), Buffer.from('"}')]);
    const path = join(dir, "json-members.tar");
    const pack = tar.pack();
    const written = new Promise<void>((resolve, reject) => pack.pipe(createWriteStream(path)).on("finish", resolve).on("error", reject));
    for (let i = 0; i < 6; i++) {
      await new Promise<void>((resolve) => pack.entry({ name: `blobs/sha256/${String(i).padStart(64, "0")}`, size: body.length }, body, () => resolve()));
    }
    pack.finalize();
    await written;
    const rss = process.memoryUsage().rss;
    let error: unknown;
    try {
      await readImageArchive(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImageArchiveError);
    expect((error as Error).message).toBe(
      `blobs/sha256/${"0".repeat(63)}4: the archive's JSON members add up to more than 67108864 bytes, far more than any image's metadata`,
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(300e6);
  }, 60_000);
});
