// curl and wget: URLs, the file written (-o, -O, --output, wget -O/-P), or stdout when piped.
import { parseArgs } from "../args.js";
import type { DownloadFact } from "../facts.js";
import { base, programName, resolvePath, type Recognizer } from "../recognizer.js";
import type { ShellCommand } from "../../shell/script.js";

const URL_RE = /^(https?|ftp):\/\//i;

/** A URL, a host/path, or a word built from variables (`$URL`, `${MIRROR}/x.tgz`): what else would curl fetch? */
function looksLikeUrl(arg: string, cmd: ShellCommand): boolean {
  return URL_RE.test(arg) || /^[\w.-]+\.[a-z]{2,}\//i.test(arg) || cmd.words.some((w) => w.dynamic && w.value === arg);
}

function basenameOfUrl(url: string): string | undefined {
  const path = url.replace(/[?#].*$/, "").replace(/^[a-z]+:\/\/[^/]*/i, "");
  const name = path.split("/").pop();
  return name ? name : undefined;
}

export const download: Recognizer = {
  id: "download",
  recognize(cmd, ctx) {
    const name = programName(cmd.argv[0]);
    if (name === "curl") {
      const parsed = parseArgs(cmd.argv.slice(1), {
        values: [
          "-o",
          "--output",
          "-H",
          "--header",
          "-u",
          "--user",
          "-d",
          "--data",
          "-X",
          "--request",
          "-A",
          "--user-agent",
          "--retry",
          "--retry-delay",
          "--retry-max-time",
          "-m",
          "--max-time",
          "--connect-timeout",
          "-w",
          "--write-out",
          "-e",
          "--referer",
          "--proto",
          "--proto-redir",
          "--cacert",
          "--tlsv1.2",
          "-x",
          "--proxy",
          "-r",
          "--range",
          "-T",
          "--upload-file",
          "-F",
          "--form",
          "--output-dir",
          "-z",
          "-b",
          "--cookie",
          "-c",
          "--cookie-jar",
          "--url",
          "-K",
          "--config",
          "--limit-rate",
          "-Y",
          "-y",
          "-C",
        ],
      });
      const urls = [...parsed.positionals, ...parsed.all("--url")].filter((u) => looksLikeUrl(u, cmd));
      if (urls.length === 0) return [];
      const dir = parsed.get("--output-dir");
      let output = parsed.get("-o", "--output");
      if (!output && parsed.has("-O", "--remote-name", "--remote-name-all")) output = basenameOfUrl(urls[0]!);
      if (output === "-") output = undefined;
      if (output && dir) output = `${dir}/${output}`;
      const fact: DownloadFact = {
        ...base("download", cmd, true, output ? [resolvePath(output, ctx.cwd)] : []),
        kind: "download",
        tool: "curl",
        urls,
        toStdout: output === undefined,
      };
      if (output !== undefined) fact.output = output;
      return [fact];
    }
    if (name === "wget") {
      const parsed = parseArgs(cmd.argv.slice(1), {
        values: [
          "-O",
          "--output-document",
          "-P",
          "--directory-prefix",
          "-o",
          "--output-file",
          "-a",
          "--append-output",
          "-t",
          "--tries",
          "-T",
          "--timeout",
          "--header",
          "-U",
          "--user-agent",
          "--user",
          "--password",
          "-e",
          "--execute",
          "-i",
          "--input-file",
          "--progress",
          "-w",
          "--wait",
          "--limit-rate",
          "--ca-certificate",
          "--post-data",
        ],
      });
      const urls = parsed.positionals.filter((u) => looksLikeUrl(u, cmd));
      if (urls.length === 0) return [];
      const doc = parsed.get("-O", "--output-document");
      const prefix = parsed.get("-P", "--directory-prefix");
      let output: string | undefined;
      if (doc !== undefined && doc !== "-") output = doc;
      else if (doc === undefined) {
        const file = basenameOfUrl(urls[0]!);
        output = file ? (prefix ? `${prefix}/${file}` : file) : prefix;
      }
      const fact: DownloadFact = {
        ...base("download", cmd, true, output ? [resolvePath(output, ctx.cwd)] : []),
        kind: "download",
        tool: "wget",
        urls,
        toStdout: doc === "-",
      };
      if (output !== undefined) fact.output = output;
      return [fact];
    }
    return [];
  },
};
