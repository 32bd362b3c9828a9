import { defineRule, hasFlag, insertAfter } from "../helpers.js";
import { subcommandCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "rpm-yes",
    aliases: ["DL3030", "DL3038"],
    source: "hadolint",
    severity: "warning",
    category: "correctness",
    summary: "Use the -y switch to avoid manual input `yum install -y <package>` / `dnf install -y <package>`",
    rationale: "yum/dnf ask for confirmation before installing; a build cannot answer, so without `-y` the install aborts.",
    examples: { bad: "FROM fedora:40\nRUN dnf install httpd\n", good: "FROM fedora:40\nRUN dnf install -y httpd\n" },
    fixable: true,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3038",
  },
  check(ctx) {
    for (const r of subcommandCalls(
      ctx,
      ["yum", "dnf", "microdnf"],
      ["install", "groupinstall", "localinstall", "reinstall", "upgrade", "update"],
      ["--setopt", "-c", "--config", "--enablerepo", "--disablerepo", "--releasever", "--installroot"],
    )) {
      if (hasFlag(r.cmd, "y", ["--assumeyes", "--yes"]) || r.cmd.argv[0]?.endsWith("microdnf")) continue;
      const sub = r.cmd.words[r.sub];
      const fix = sub && !sub.dynamic && r.raw.words.includes(sub) ? { fix: { title: "add -y", edits: [insertAfter(r.wordRange(sub), " -y")] } } : {};
      ctx.report({ range: r.range, message: `Use the -y switch to avoid manual input \`${r.cmd.argv[0]} ${r.cmd.argv[r.sub]} -y <package>\``, ...fix });
    }
  },
  tests: {
    valid: ["FROM fedora\nRUN dnf install -y httpd && yum -y install x && microdnf install y\n"],
    invalid: [
      { code: "FROM centos\nRUN yum install httpd\n", errors: [{ line: 2, column: 5, endColumn: 22 }], output: "FROM centos\nRUN yum install -y httpd\n" },
    ],
  },
});
