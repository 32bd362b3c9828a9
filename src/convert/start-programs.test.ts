import { beforeAll, describe, expect, it } from "vitest";
import { analyzeDockerfileSync } from "../analyze/dockerfile.js";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import { importsOf, startNeeds, traceStart } from "./start-programs.js";

beforeAll(loadShellParser);

const ctx = (files: Record<string, string>) => ({ read: (p: string) => files[p] });

function needs(dockerfile: string, files: Record<string, string> = {}) {
  const a = analyzeDockerfileSync(parseDockerfile(dockerfile));
  const stage = a.stages[a.final]!;
  const steps = a.model.stages[a.final]!.steps;
  return startNeeds(traceStart(steps, stage, ctx(files)), stage);
}

describe("traceStart follows what the container runs", () => {
  it('through a relative ENTRYPOINT script, a sourced script and exec "$@" into CMD', () => {
    const n = needs('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r r.txt\nENTRYPOINT ["bin/entry.sh"]\nCMD ["make", "serve"]\n', {
      "bin/entry.sh": '#!/bin/sh\nset -e\n. bin/env.sh\nexec "$@"\n',
      "bin/env.sh": "export X=1\n",
    });
    expect(n.declines[0]!.reason).toMatch(
      /^line 5: the container compiles when it starts \(make serve\) — bin\/entry\.sh line 4, reached from ENTRYPOINT — so/,
    );
  });

  it("through scripts that call other scripts, with set -- rewriting the arguments", () => {
    const n = needs('FROM node:18\nWORKDIR /srv\nCOPY docker/ /usr/local/bin/\nCOPY . .\nRUN npm ci\nENTRYPOINT ["start.sh"]\n', {
      "docker/start.sh": '#!/bin/bash\nif [ "$1" = worker ]; then set -- node worker.js; fi\nexec /usr/local/bin/prepare.sh "$@"\n',
      "docker/prepare.sh": '#!/bin/sh\ncurl -fsS http://config/ > /tmp/c\npip install -r extra.txt\nexec "$@"\n',
    });
    expect(n.declines[0]!.reason).toMatch(/installs Python packages when it starts \(pip install\) — docker\/start\.sh line 3 → docker\/prepare\.sh line 3/);
    expect(n.tools.map((t) => t.pkg)).toContain("curl");
  });

  it("through sh -c in exec form and shell-form CMD", () => {
    expect(needs('FROM golang:1.19\nCOPY . .\nCMD ["/bin/sh", "-c", "cd /src && exec go run ."]\n').declines[0]!.reason).toMatch(
      /compiles when it starts \(go run\)/,
    );
    expect(needs("FROM python:3.11\nCOPY . .\nCMD python -m pip install -r req.txt && python app.py\n").declines[0]!.reason).toMatch(
      /installs Python packages when it starts \(python -m\)/,
    );
  });

  it("through npm start and the package scripts it runs, to a dev dependency binary", () => {
    const pkg = JSON.stringify({
      scripts: { prestart: "npm run db", db: "knex migrate:latest", start: "nodemon server.js" },
      dependencies: { knex: "3" },
      devDependencies: { nodemon: "3" },
    });
    const n = needs('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n', { "package.json": pkg });
    expect(n.devDependencies).toEqual(["nodemon"]);
    expect(n.declines).toEqual([]);
  });

  it("maps a binary to its package through package-lock.json, and node -r to a dev dependency", () => {
    const pkg = JSON.stringify({ scripts: { start: "tsc -p . && node dist/x.js" }, devDependencies: { typescript: "5" } });
    const lock = JSON.stringify({ packages: { "node_modules/typescript": { bin: { tsc: "bin/tsc", tsserver: "bin/tsserver" } } } });
    expect(
      needs('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["yarn", "start"]\n', { "package.json": pkg, "package-lock.json": lock }).devDependencies,
    ).toEqual(["typescript"]);
    const reg = JSON.stringify({ devDependencies: { "ts-node": "10" } });
    expect(
      needs('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "-r", "ts-node/register", "src/main.ts"]\n', { "package.json": reg })
        .devDependencies,
    ).toEqual(["ts-node"]);
  });

  it("finds dev dependencies the app's own source imports", () => {
    const pkg = JSON.stringify({ dependencies: {}, devDependencies: { "pino-pretty": "10", jest: "29" } });
    const n = needs('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "index.js"]\n', {
      "package.json": pkg,
      "index.js": "const log = require('./lib/log');\n",
      "lib/log.js": 'module.exports = require("pino-pretty");\n',
    });
    expect(n.devDependencies).toEqual(["pino-pretty"]);
  });

  it("gives a python3 script in a node image the interpreter (the full image had it)", () => {
    const n = needs('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nENTRYPOINT ["./boot"]\n', { boot: "#!/usr/bin/env python3\nprint('hi')\n" });
    expect(n.tools).toEqual([expect.objectContaining({ program: "python3", pkg: "python3" })]);
  });

  it("unwraps tini, gosu and env, and reads heredoc-copied scripts", () => {
    const n = needs(
      'FROM python:3.11\nCOPY <<EOF /entry.sh\n#!/bin/sh\nexec gcc -o /tmp/a a.c\nEOF\nRUN pip install flask\nENTRYPOINT ["tini", "--", "gosu", "app", "env", "A=1", "/entry.sh"]\n',
    );
    expect(n.declines[0]!.reason).toMatch(/compiles when it starts \(gcc -o\) — \/entry\.sh line 2/);
  });

  it("warns about a copied script the context does not hold", () => {
    const n = needs('FROM python:3.11\nCOPY scripts/ /opt/s/\nRUN pip install flask\nCMD ["/opt/s/run.sh"]\n');
    expect(n.decisions[0]!.message).toMatch(/\/opt\/s\/run\.sh, which is not in the build context/);
  });

  it("reads import specifiers", () => {
    const code = "import a from 'x';\nimport 'y';\nconst z = require(\"@s/z/sub\");\nexport { q } from './q.js';\nawait import(`w`);";
    expect(importsOf(code).sort()).toEqual(["./q.js", "@s/z/sub", "w", "x", "y"]);
  });
});

describe("in a conversion", () => {
  it("keeps node_modules' dev dependencies used through an entrypoint script (and does not prune)", () => {
    const pkg = JSON.stringify({ scripts: { migrate: "ts-node m.ts" }, devDependencies: { "ts-node": "10", typescript: "5" } });
    const r = convertDockerfileSync(
      parseDockerfile('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nENTRYPOINT ["./entry.sh"]\nCMD ["node", "dist/main.js"]\n'),
      {
        context: ctx({ "package.json": pkg, "entry.sh": '#!/bin/sh\nnpm run migrate\nexec "$@"\n' }),
      },
    );
    if (r.status !== "converted") throw new Error(JSON.stringify(r));
    expect(r.dockerfile).not.toContain("npm prune");
  });

  it("installs a tool a script calls that the full base provided", () => {
    const r = convertDockerfileSync(parseDockerfile('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["sh", "run.sh"]\n'), {
      context: ctx({ "run.sh": "envsubst < conf.tmpl > conf.ini\nexec gunicorn app:app\n", "requirements.txt": "flask\n" }),
    });
    if (r.status !== "converted") throw new Error(JSON.stringify(r));
    expect(r.plan.runtimePackages).toContain("gettext-base");
  });
});

describe("programs the build makes", () => {
  it("does not call a compiled program an unread copied file", () => {
    const text = 'FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o pinger .\nCMD ["./pinger"]\n';
    const r = convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), { context: { read: (p) => (p === "go.mod" ? "module x\n" : undefined) } });
    expect(r.decisions.map((d) => d.message).join("\n")).not.toMatch(/not in the build context/);
    const script = convertDockerfileSync(
      parseDockerfile('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install flask\nCMD ["./run.sh"]\n', { file: "Dockerfile" }),
      { context: { read: () => undefined } },
    );
    expect(script.decisions.map((d) => d.message).join("\n")).toMatch(/\/app\/run\.sh, which is not in the build context/);
  });
});
