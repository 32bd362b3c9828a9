// Unpacking: tar -x (old-style `tar xzf`, -C dir, --strip-components, from stdin), unzip -d, gunzip, xz -d.
import { parseArgs } from "../args.js";
import type { UnpackFact } from "../facts.js";
import { base, programName, resolvePath, type Recognizer } from "../recognizer.js";

const TAR_VALUES = [
  "-f",
  "--file",
  "-C",
  "--directory",
  "--strip-components",
  "--exclude",
  "-X",
  "--exclude-from",
  "-T",
  "--files-from",
  "--owner",
  "--group",
  "--mode",
  "-I",
  "--use-compress-program",
  "--transform",
  "--xform",
  "-b",
  "--blocking-factor",
  "--wildcards-match-slash",
];

export const archive: Recognizer = {
  id: "archive",
  recognize(cmd, ctx) {
    const name = programName(cmd.argv[0]);
    if (name === "tar" || name === "bsdtar") {
      let args = cmd.argv.slice(1);
      // Old-style first argument without a dash (`tar xzf file -C /opt`) is a cluster of short options.
      // Each letter that takes a value takes the next argument in turn (`tar xfC a.tar /opt`).
      if (args[0] && /^[A-Za-z]+$/.test(args[0]) && /[xtcru]/.test(args[0])) {
        const letters = args[0];
        const rest = args.slice(1);
        const expanded: string[] = [];
        for (const l of letters) {
          expanded.push(`-${l}`);
          if ("fCTXbI".includes(l) && rest.length > 0) expanded.push(rest.shift()!);
        }
        args = [...expanded, ...rest];
      }
      const parsed = parseArgs(args, { values: TAR_VALUES });
      if (!parsed.has("-x", "--extract", "--get")) return [];
      const archiveFile = parsed.get("-f", "--file");
      const fromStdin = archiveFile === undefined || archiveFile === "-";
      const dir = parsed.get("-C", "--directory");
      const strip = parsed.get("--strip-components");
      const target = resolvePath(dir ?? ".", ctx.cwd);
      const fact: UnpackFact = { ...base("archive", cmd, false, [target]), kind: "unpack", tool: "tar", fromStdin };
      if (!fromStdin) fact.archive = archiveFile;
      if (dir !== undefined) fact.targetDir = dir;
      if (strip !== undefined && /^\d+$/.test(strip)) fact.strip = Number(strip);
      return [fact];
    }
    if (name === "unzip") {
      const parsed = parseArgs(cmd.argv.slice(1), { values: ["-d", "-x", "-P"] });
      const [file] = parsed.positionals;
      if (!file || parsed.has("-l", "-t", "-Z", "-v")) return [];
      const dir = parsed.get("-d");
      const fact: UnpackFact = {
        ...base("archive", cmd, false, [resolvePath(dir ?? ".", ctx.cwd)]),
        kind: "unpack",
        tool: "unzip",
        archive: file,
        fromStdin: false,
      };
      if (dir !== undefined) fact.targetDir = dir;
      return [fact];
    }
    if (name === "gunzip" || name === "xz" || name === "unxz" || (name === "gzip" && cmd.argv.some((a) => /^-[a-z]*d/.test(a) || a === "--decompress"))) {
      if (name === "xz" && !cmd.argv.some((a) => /^-[a-z]*d/.test(a) || a === "--decompress")) return [];
      const parsed = parseArgs(cmd.argv.slice(1), {});
      const [file] = parsed.positionals;
      const fact: UnpackFact = {
        ...base("archive", cmd, false, file ? [resolvePath(file.replace(/\.(gz|xz)$/, ""), ctx.cwd)] : []),
        kind: "unpack",
        tool: name === "gunzip" || name === "gzip" ? "gunzip" : "xz",
        fromStdin: file === undefined,
      };
      if (file !== undefined) fact.archive = file;
      return [fact];
    }
    return [];
  },
};
