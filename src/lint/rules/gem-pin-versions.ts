import { GEM_VALUE_OPTIONS } from "../../analyze/recognizers/bundler.js";
import { defineRule, hasFlag } from "../helpers.js";
import { operands, subcommandCalls } from "../shell-commands.js";

// `--` too: what follows it goes to the extension's build, and the word after it is no gem name
const VALUE_OPTIONS = [...GEM_VALUE_OPTIONS, "--"];

export default defineRule({
  meta: {
    id: "gem-pin-versions",
    aliases: ["DL3028"],
    source: "hadolint",
    severity: "warning",
    category: "maintainability",
    summary: "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`",
    rationale: "An unpinned gem installs whatever rubygems.org has on build day; `gem:version` or `-v` makes rebuilds repeatable.",
    examples: { bad: "FROM ruby:3.3\nRUN gem install bundler\n", good: "FROM ruby:3.3\nRUN gem install bundler:2.5.6\n" },
    fixable: false,
    needs: "analysis",
    url: "https://github.com/hadolint/hadolint/wiki/DL3028",
  },
  check(ctx) {
    for (const r of subcommandCalls(ctx, ["gem"], ["install", "i"], ["--config-file", "-C"])) {
      if (hasFlag(r.cmd, undefined, ["-v", "--version"])) continue;
      for (const w of operands(r, VALUE_OPTIONS)) {
        if (w.dynamic || w.value.includes(":") || w.value.endsWith(".gem") || w.value.includes("/")) continue;
        ctx.report({ range: r.wordRange(w), message: `Pin versions in gem install: \`${w.value}\` has no version (\`${w.value}:<version>\`)` });
      }
    }
  },
  tests: {
    valid: ["FROM ruby\nRUN gem install bundler:2.5.6 && gem install rails -v 7.1 && gem install ./x.gem\n", "FROM ruby\nRUN gem update --system\n"],
    invalid: [{ code: "FROM ruby\nRUN gem install --no-document bundler\n", errors: [{ line: 2, column: 31, endColumn: 38, message: "`bundler`" }] }],
  },
});
