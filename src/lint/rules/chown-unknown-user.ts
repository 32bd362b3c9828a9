import type { Stage } from "../../model/stages.js";
import { defineRule, sourceOf } from "../helpers.js";
import { wordRange } from "../locate.js";
import { rootBase } from "../stage-facts.js";

/** The users of Debian's base-passwd, which Ubuntu images have too (plus their own `ubuntu`). */
const DEBIAN_USERS = [
  "root",
  "daemon",
  "bin",
  "sys",
  "sync",
  "games",
  "man",
  "lp",
  "mail",
  "news",
  "uucp",
  "proxy",
  "www-data",
  "backup",
  "list",
  "irc",
  "gnats",
  "nobody",
  "_apt",
];

/** Users the images of a family have without any RUN (base passwd files). */
const FAMILY_USERS: Readonly<Record<string, readonly string[]>> = {
  debian: DEBIAN_USERS,
  ubuntu: [...DEBIAN_USERS, "ubuntu"],
  alpine: [
    "root",
    "bin",
    "daemon",
    "adm",
    "lp",
    "sync",
    "shutdown",
    "halt",
    "mail",
    "news",
    "uucp",
    "operator",
    "man",
    "postmaster",
    "cron",
    "ftp",
    "sshd",
    "at",
    "squid",
    "xfs",
    "games",
    "cyrus",
    "vpopmail",
    "ntp",
    "smmsp",
    "guest",
    "nobody",
  ],
  distroless: ["root", "nobody", "nonroot"],
};
/** Users that official images add on top of their distribution. */
const IMAGE_USERS: Readonly<Record<string, readonly string[]>> = {
  node: ["node"],
  nginx: ["nginx"],
  postgres: ["postgres"],
  redis: ["redis"],
  mysql: ["mysql"],
  mariadb: ["mysql"],
  mongo: ["mongodb"],
  httpd: ["www-data"],
  rabbitmq: ["rabbitmq"],
  elasticsearch: ["elasticsearch"],
  jenkins: ["jenkins"],
  gradle: ["gradle"],
  tomcat: [],
  php: ["www-data"],
  wordpress: ["www-data"],
};

export default defineRule({
  meta: {
    id: "chown-unknown-user",
    aliases: [],
    source: "slimstage",
    severity: "warning",
    category: "multi-stage",
    summary: "`COPY --chown` names a user that the stage does not have",
    rationale:
      "BuildKit resolves `--chown=name` in the stage's own /etc/passwd and fails the build when the user is missing. This happens when a user is created in one stage and the files are copied into another (a slim final stage on another base), or when the user is created after the COPY. Create the user in the stage first, or use a numeric UID. Reported only when the base image is one slimstage knows (official Debian, Ubuntu, Alpine, distroless and language images), so its users are known.",
    examples: {
      bad: "FROM node:20 AS build\nRUN useradd -m app\nFROM debian:bookworm-slim\nCOPY --chown=app:app --from=build /app /app\n",
      good: "FROM node:20 AS build\nFROM debian:bookworm-slim\nRUN useradd -m app\nCOPY --chown=app:app --from=build /app /app\n",
    },
    fixable: false,
    needs: "analysis",
  },
  check(ctx) {
    const src = sourceOf(ctx);
    const stages = ctx.model.stages;
    for (const stage of stages) {
      const root = rootBase(ctx, stage);
      const info = root.kind === "image" ? root.info : undefined;
      if (root.kind === "image" && (!info || !FAMILY_USERS[info.family])) continue;
      const known = new Set<string>(root.kind === "scratch" ? [] : [...(FAMILY_USERS[info?.family ?? ""] ?? []), ...(IMAGE_USERS[info?.image ?? ""] ?? [])]);
      // the FROM chain's stages, oldest first: their users exist before this stage starts
      const chain: Stage[] = [];
      for (let s: Stage | undefined = stage; s; s = s.base.kind === "stage" ? stages[s.base.index] : undefined) chain.unshift(s);
      const installs: string[] = [];
      const addFacts = (s: Stage, upToLine: number) => {
        for (const run of ctx.analysis.stages[s.index]?.runs ?? []) {
          if (run.line >= upToLine) continue;
          for (const { value: f } of run.facts) {
            if (f.kind === "user" && (f.op === "create-user" || f.op === "create-group")) known.add(f.name);
            if (f.kind === "system-packages" && f.op === "install") installs.push(...f.packages.map((p) => p.name));
          }
          // an unrecognised or dynamic command may create users too (a script, `adduser` in a loop …)
          if (run.unrecognized.length) known.add("*");
        }
      };
      for (const s of chain.slice(0, -1)) addFacts(s, Infinity);
      for (const step of stage.steps) {
        const ins = step.instruction;
        if (ins.kind !== "COPY" && ins.kind !== "ADD") continue;
        addFacts(stage, ins.range.start.line);
        const owner = step.expanded.chown;
        if (owner === undefined || ins.chown === undefined || known.has("*")) continue;
        const user = owner.split(":")[0] as string;
        if (user === "" || /^\d+$/.test(user) || user.includes("$") || known.has(user)) continue;
        // packages create their own users (nginx, postgresql …)
        if (installs.some((p) => p.includes(user) || user.includes(p))) continue;
        const laterInStage = (ctx.analysis.stages[stage.index]?.runs ?? []).some(
          (r) => r.line > ins.range.start.line && r.facts.some((f) => f.value.kind === "user" && f.value.name === user),
        );
        const elsewhere = stages.find(
          (s) =>
            s.index !== stage.index &&
            (ctx.analysis.stages[s.index]?.runs ?? []).some((r) => r.facts.some((f) => f.value.kind === "user" && f.value.name === user)),
        );
        const why = laterInStage
          ? "it is created only after this line"
          : elsewhere
            ? `it is created in stage ${elsewhere.name ?? elsewhere.index}, not in this one`
            : `neither the base image nor an earlier step creates it`;
        ctx.report({
          range: ins.node.flags.find((f) => f.name === "chown")?.range ?? wordRange(src, ins.node, ins.chown),
          message: `--chown=${owner}: the stage has no user ${user} (${why}); the build fails with "unable to find user ${user}"`,
        });
      }
    }
  },
  tests: {
    valid: [
      "FROM node:20\nCOPY --chown=node:node . /app\n",
      "FROM debian:bookworm\nRUN useradd -m app\nCOPY --chown=app . /app\n",
      "FROM myorg/base:1\nCOPY --chown=app . /app\n",
      "FROM debian:bookworm AS base\nRUN groupadd -r app && useradd -r -g app app\nFROM base\nCOPY --chown=app:app . /app\nCOPY --chown=1000:1000 . /b\n",
      "FROM debian:bookworm\nRUN apt-get update && apt-get install -y nginx\nCOPY --chown=nginx . /srv\n",
    ],
    invalid: [
      {
        code: "FROM debian:bookworm AS build\nRUN useradd -m app\nFROM debian:bookworm-slim\nCOPY --from=build --chown=app:app /a /a\n",
        errors: [{ line: 4, column: 19, endColumn: 34, message: "--chown=app:app: the stage has no user app (it is created in stage build, not in this one)" }],
      },
      {
        code: "FROM alpine:3.19\nCOPY --chown=app . /app\nRUN adduser -D app\n",
        errors: [{ line: 2, column: 6, endColumn: 17, message: "it is created only after this line" }],
      },
    ],
  },
});
