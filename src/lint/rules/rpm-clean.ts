import { cacheMountOn, defineRule, imageStages } from "../helpers.js";
import { subcommandCalls } from "../shell-commands.js";

export default defineRule({
  meta: {
    id: "rpm-clean",
    aliases: ["DL3032", "DL3040"],
    source: "hadolint",
    severity: "warning",
    category: "size",
    summary: "`yum clean all` / `dnf clean all` missing after yum/dnf command",
    rationale:
      "yum and dnf keep metadata and packages in /var/cache; unless the same RUN cleans them they stay in the layer. Only stages that end up in the image are checked.",
    examples: { bad: "FROM fedora:40\nRUN dnf install -y httpd\n", good: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3040",
  },
  check(ctx) {
    const shipped = imageStages(ctx);
    for (const r of subcommandCalls(
      ctx,
      ["yum", "dnf", "microdnf"],
      ["install", "groupinstall", "localinstall", "reinstall"],
      ["--setopt", "-c", "--config", "--enablerepo", "--disablerepo", "--releasever", "--installroot"],
    )) {
      if (!shipped.has(r.stage.index)) continue;
      const cleaned = r.run.facts.some(
        (f) =>
          f.value.kind === "cache-cleanup" &&
          (f.value.owner === "dnf" || f.value.owner === "yum" || f.value.owner === "microdnf" || f.value.paths.some((p) => /^\/var\/cache\/(yum|dnf)/.test(p))),
      );
      const cleanCmd = r.run.scripts.some((s) => s.commands.some((c) => /(yum|dnf)$/.test(c.argv[0] ?? "") && c.argv.includes("clean")));
      if (cleaned || cleanCmd || cacheMountOn(ctx, r.run, r.stage.index, ["/var/cache/dnf", "/var/cache/yum"])) continue;
      ctx.report({ range: r.range, message: `\`${r.cmd.argv[0]?.split("/").pop()} clean all\` missing after ${r.cmd.argv[0]?.split("/").pop()} command` });
    }
  },
  tests: {
    valid: ["FROM fedora\nRUN dnf install -y x && dnf clean all\n", "FROM fedora\nRUN yum install -y x && rm -rf /var/cache/yum\n"],
    invalid: [{ code: "FROM fedora\nRUN dnf -y install x\n", errors: [{ line: 2, column: 5, endColumn: 21, message: "`dnf clean all` missing" }] }],
  },
});
