// C/C++ builds: ./configure --prefix, make [-C dir] [targets] [PREFIX=] [DESTDIR=], cmake (configure, --build,
// --install, -DCMAKE_INSTALL_PREFIX), ninja, autoreconf/autogen, gcc/g++/cc/clang -o.
import { parseArgs } from "../args.js";
import type { CBuildFact } from "../facts.js";
import { base, programName, resolvePath, type Recognizer } from "../recognizer.js";
import type { ShellCommand } from "../../shell/script.js";

const COMPILER = /^((x86_64|aarch64|arm|i686)[\w-]*-)?(gcc|g\+\+|cc|c\+\+|clang|clang\+\+|musl-gcc|tcc)(-\d+(\.\d+)*)?$/;

function fact(cmd: ShellCommand, tool: CBuildFact["tool"], rest: Partial<CBuildFact>, outputs: string[] = []): CBuildFact {
  return { ...base("c-build", cmd, false, outputs), kind: "c-build", tool, targets: [], install: false, ...rest };
}

function withPrefix(prefix: string | undefined, destdir: string | undefined, cwd: string | undefined): string[] {
  if (!prefix && !destdir) return [];
  const p = prefix ?? "/usr/local";
  return [destdir ? resolvePath(`${destdir}/${p}`, cwd) : resolvePath(p, cwd)];
}

export const cBuild: Recognizer = {
  id: "c-build",
  recognize(cmd, ctx) {
    const path = cmd.argv[0] ?? "";
    const name = programName(path);
    const args = cmd.argv.slice(1);
    if (name === "configure" && path.includes("/")) {
      const parsed = parseArgs(args, {});
      const prefix = parsed.get("--prefix");
      const r: Partial<CBuildFact> = {};
      if (prefix !== undefined) r.prefix = prefix;
      return [fact(cmd, "configure", r)];
    }
    if (name === "autoreconf" || name === "autogen.sh" || (name === "bootstrap" && path.includes("/"))) return [fact(cmd, "autoreconf", {})];
    if (name === "make" || name === "gmake" || name === "ninja") {
      const parsed = parseArgs(args, { values: ["-C", "-f", "--file", "-j", "-l", "-o", "-W", "--directory"], attached: ["-j", "-C", "-l"] });
      const vars = new Map<string, string>();
      const targets: string[] = [];
      for (const p of parsed.positionals) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(p);
        if (m) vars.set(m[1]!, m[2]!);
        else targets.push(p);
      }
      const prefix = vars.get("PREFIX") ?? vars.get("prefix") ?? ctx.env.PREFIX;
      const destdir = vars.get("DESTDIR") ?? ctx.env.DESTDIR;
      const install = targets.some((t) => /^install(-|$)/.test(t));
      const r: Partial<CBuildFact> = { targets, install };
      if (prefix !== undefined) r.prefix = prefix;
      if (destdir !== undefined) r.destdir = destdir;
      const dir = parsed.get("-C", "--directory");
      if (dir !== undefined) r.buildDir = dir;
      const f = fact(cmd, name === "ninja" ? "ninja" : "make", r, install ? withPrefix(prefix, destdir, ctx.cwd) : []);
      return [f];
    }
    if (name === "cmake") {
      const parsed = parseArgs(args, {
        values: ["-B", "-S", "-G", "--build", "--install", "--target", "-t", "--config", "--prefix", "-j", "--parallel", "--component"],
        attached: ["-D", "-B", "-S", "-G", "-j"],
      });
      const defs = new Map(parsed.all("-D").map((d) => [d.replace(/[:=].*$/, ""), d.replace(/^[^=]*=/, "")] as const));
      if (parsed.has("--install")) {
        const prefix = parsed.get("--prefix");
        const r: Partial<CBuildFact> = { targets: ["install"], install: true, buildDir: parsed.get("--install")! };
        if (prefix !== undefined) r.prefix = prefix;
        return [fact(cmd, "cmake", r, withPrefix(prefix, ctx.env.DESTDIR, ctx.cwd))];
      }
      if (parsed.has("--build")) {
        const targets = parsed.all("--target", "-t");
        const install = targets.includes("install");
        return [fact(cmd, "cmake", { targets, install, buildDir: parsed.get("--build")! })];
      }
      if (parsed.has("--version", "-E", "-P") || (parsed.positionals.length === 0 && !parsed.has("-S", "-B"))) return [];
      const r: Partial<CBuildFact> = {};
      const prefix = defs.get("CMAKE_INSTALL_PREFIX");
      if (prefix !== undefined) r.prefix = prefix;
      const buildDir = parsed.get("-B");
      if (buildDir !== undefined) r.buildDir = buildDir;
      return [fact(cmd, "cmake", r, buildDir ? [resolvePath(buildDir, ctx.cwd)] : [])];
    }
    if (COMPILER.test(name)) {
      const parsed = parseArgs(args, {
        values: ["-o", "-x", "-MF", "-MT", "-include", "-isystem"],
        attached: ["-o", "-I", "-L", "-l", "-D", "-W", "-O", "-f", "-m", "-std=", "-g"],
      });
      if (parsed.has("--version", "-v", "-dumpversion", "-dumpmachine", "-E", "-print-file-name")) return [];
      const sources = parsed.positionals.filter((p) => /\.(c|cc|cpp|cxx|c\+\+|s|S|o|a)$/.test(p));
      if (sources.length === 0) return [];
      const output = parsed.get("-o") ?? (parsed.has("-c") ? undefined : "a.out");
      const r: Partial<CBuildFact> = { targets: sources, compiler: name };
      if (output !== undefined) r.output = output;
      return [fact(cmd, "cc", r, output ? [resolvePath(output, ctx.cwd)] : [])];
    }
    return [];
  },
};
