import { defineRule } from "../helpers.js";
import { operands, subcommandCalls } from "../shell-commands.js";

const GLOBAL = ["--setopt", "-c", "--config", "--enablerepo", "--disablerepo", "--releasever", "--installroot", "--repo", "--repofrompath", "-x", "--exclude"];

/** `name-1.2.3`, `name-1.2-3.el9`, a local or remote .rpm, a path, a provides expression. */
function pinned(pkg: string): boolean {
  return /-\d/.test(pkg) || pkg.endsWith(".rpm") || pkg.includes("/") || /[<>=]/.test(pkg) || pkg.startsWith("@");
}

export default defineRule({
  meta: {
    id: "rpm-pin-versions",
    aliases: ["DL3033", "DL3041"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Specify version with `yum install -y <package>-<version>` / `dnf install -y <package>-<version>`",
    rationale:
      "An unpinned package installs whatever the repositories have on build day; `name-version` makes rebuilds repeatable. Groups (`@group`), paths and `.rpm` files are not packages to pin.",
    examples: {
      bad: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
      good: "FROM fedora:40\nRUN dnf install -y httpd-2.4.59 && dnf clean all\n",
    },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3041",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["yum", "dnf", "microdnf"], ["install"], GLOBAL)) {
      for (const w of operands(r, GLOBAL)) {
        if (w.dynamic || pinned(w.value)) continue;
        const tool = r.cmd.argv[0]?.split("/").pop();
        ctx.report({ range: r.wordRange(w), message: `Specify version with \`${tool} install -y ${w.value}-<version>\`` });
      }
    }
  },
  tests: {
    valid: ["FROM fedora\nRUN dnf install -y httpd-2.4.59 /tmp/x.rpm @development-tools 'php>=8' && dnf clean all\n"],
    invalid: [
      {
        code: "FROM centos\nRUN yum install -y --setopt=tsflags=nodocs httpd-devel\n",
        errors: [{ line: 2, column: 44, endColumn: 55, message: "yum install -y httpd-devel-<version>" }],
      },
      { code: "FROM fedora\nRUN dnf -y install git\n", errors: [{ line: 2, column: 20, endColumn: 23, message: "dnf install" }] },
    ],
  },
});
