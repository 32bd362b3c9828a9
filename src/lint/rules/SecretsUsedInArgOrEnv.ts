import { defineRule, sourceOf } from "../helpers.js";
import { tokenRange } from "../locate.js";

// BuildKit's word lists: a key is sensitive when a whole `_`-separated word of it is one of these…
const deny = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
// …unless another word says it is not the secret itself
const allow = /(?:_|^)(?:public|file|version)(?:_|$)/i;

export default defineRule({
  meta: {
    id: "SecretsUsedInArgOrEnv",
    aliases: [],
    source: "buildkit",
    // BuildKit: warning. Demoted: most names it matches in real files hold public values (a reCAPTCHA site key,
    // a key id); see docs/lint-precision.md
    severity: "info",
    category: "security",
    summary: "Sensitive data should not be used in the ARG or ENV commands",
    rationale:
      "ARG and ENV values are kept in the image's history and config, where anyone with the image can read them. Secrets belong in `RUN --mount=type=secret`.",
    examples: { bad: "FROM alpine\nARG GITHUB_TOKEN\n", good: "FROM alpine\nRUN --mount=type=secret,id=github_token,env=GITHUB_TOKEN ./fetch.sh\n" },
    fixable: false,
    needs: "tree",
    url: "https://docs.docker.com/go/dockerfile/rule/secrets-used-in-arg-or-env/",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    for (const node of ctx.tree.instructions) {
      const keys: string[] = [];
      if (node.name === "arg") for (const a of node.args) keys.push(a.split("=")[0] as string);
      else if (node.name === "env") for (let i = 0; i < node.args.length; i += 3) keys.push(node.args[i] as string);
      else continue;
      for (const key of keys) {
        if (deny.test(key) && !allow.test(key))
          ctx.report({
            range: tokenRange(src, node, key),
            message: `Do not use ARG or ENV instructions for sensitive data (${node.name.toUpperCase()} "${key}")`,
          });
      }
    }
  },
  tests: {
    valid: ["FROM alpine\nARG PUBLIC_KEY\nENV KEY_FILE=/x GPG_KEYS=abc TOKEN_VERSION=1\n"],
    invalid: [
      { code: "FROM alpine\nENV A=1 DB_PASSWORD=x\n", errors: [{ line: 2, column: 9, endColumn: 20, message: 'ENV "DB_PASSWORD"' }] },
      { code: "ARG api_key\nFROM alpine\n", errors: [{ line: 1, column: 5, message: 'ARG "api_key"' }] },
    ],
  },
});
