// Every way `slimstage convert` can say no, and every reason it can give for "nothing to gain", with a stable id
// (like a lint rule's), a one-line summary, the usual way out, the paragraph docs/declines.md shows, and its cases:
// Dockerfiles that must end in it and near misses that must convert. The code that declines sets the id;
// docs/declines.md is generated from this list and test/convert/declines.test.ts runs the cases (both fail when an
// id lacks a case or the page drifts). To add a kind: one entry here.
import type { ConvertOptions } from "../types.js";

export interface Case {
  dockerfile: string;
  /** Files of the build context. */
  context?: Record<string, string>;
  opts?: Omit<ConvertOptions, "context">;
}

/** Dockerfiles for one id: what must end in it, and near misses that must convert. */
interface Cases {
  /** Must decline with the id (or, for a "nothing to gain" id, end in nothing to gain with it). */
  hits: Case[];
  /** Must convert. */
  nearMisses: Case[];
}

const PY_APP = 'WORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n';
const PY = `FROM python:3.11\n${PY_APP}`;
const GO_APP = 'WORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nCMD ["/out/app"]\n';
const GO = `FROM golang:1.19\n${GO_APP}`;
const NODE = 'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n';
const C = 'FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN gcc -O2 -o /usr/local/bin/app main.c\nCMD ["app"]\n';
const DIGEST = "sha256:" + "a".repeat(64);
const c = (dockerfile: string, more: Omit<Case, "dockerfile"> = {}): Case => ({ dockerfile, ...more });

export interface DeclineKind {
  id: string;
  /** One line: when it happens. */
  summary: string;
  /** What the user can usually do (each decline carries its own, more precise hint). */
  hint: string;
  /** Why slimstage declines rather than guesses (a paragraph of docs/declines.md). */
  doc: string;
  /** Checked by test/convert/declines.test.ts; the first case is the example in docs/declines.md. */
  cases: Cases;
}

export const DECLINE_KINDS = [
  // -- the input as a whole -------------------------------------------------------------------------------------
  {
    id: "base-arg-unset",
    summary: "the base image is written with an ARG that has no value",
    hint: "pass --build-arg NAME=IMAGE",
    doc: "`FROM $BASE` with no default names no image, so there is no runtime counterpart to choose. A variable that only holds a registry (`${REGISTRY}/python:3.11`) is fine: the image is still known.",
    cases: {
      hits: [c("ARG BASE\nFROM $BASE\nRUN make\n"), c(`ARG TAG\nFROM golang:$TAG\n${GO_APP}`)],
      nearMisses: [c(`ARG TAG=1.19\nFROM golang:$TAG\n${GO_APP}`)],
    },
  },
  {
    id: "from-scratch",
    summary: "the image is built FROM scratch",
    hint: "nothing to do",
    doc: "An image FROM scratch has no build to split: whatever it holds was copied in.",
    cases: { hits: [c("FROM scratch\nCOPY app /app\n")], nearMisses: [c(GO)] },
  },
  {
    id: "windows-base",
    summary: "a Windows base image or a PowerShell/cmd SHELL",
    hint: "convert by hand",
    doc: "slimstage's knowledge (packages, runtime counterparts, shells) covers Linux images only.",
    cases: {
      hits: [c("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN echo hi\n"), c(`FROM golang:1.19\nSHELL ["powershell", "-Command"]\n${GO_APP}`)],
      nearMisses: [c(`FROM golang:1.19\nSHELL ["/bin/bash", "-c"]\n${GO_APP}`)],
    },
  },
  {
    id: "base-pinned-by-digest",
    summary: "the base is pinned by digest and no --runtime-base was given",
    hint: "pass --runtime-base with a runtime image pinned the same way",
    doc: "A digest pins one exact image; the runtime counterpart slimstage would pick is a tag, which would undo the pin in the final stage.",
    cases: {
      hits: [c(`FROM golang:1.19@${DIGEST}\n${GO_APP}`)],
      nearMisses: [c(`FROM golang:1.19@${DIGEST}\n${GO_APP}`, { opts: { runtimeBase: `gcr.io/distroless/static-debian12@${DIGEST}` } })],
    },
  },
  {
    id: "onbuild",
    summary: "the stage has ONBUILD triggers",
    hint: "convert the images that use this one instead",
    doc: "ONBUILD instructions run in the images built FROM this one, which slimstage cannot see.",
    cases: { hits: [c('FROM node:18\nWORKDIR /app\nONBUILD COPY . /app\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n')], nearMisses: [c(NODE)] },
  },
  {
    id: "final-stage-from-stage",
    summary: "the final stage builds FROM a chain of stages that starts FROM scratch",
    hint: "convert the single-stage parts by hand",
    doc: "A `FROM <stage>` chain that ends on an image is merged into one stage and converted (see stage-chain-*); one that starts FROM scratch has no image whose runtime counterpart the final stage could use.",
    cases: {
      hits: [c('FROM scratch AS base\nCOPY rootfs/ /\nFROM base\nRUN apt-get update && apt-get install -y gcc && gcc -o /x /x.c\nCMD ["/x"]\n')],
      nearMisses: [c(`FROM golang:1.19 AS base\nRUN apt-get update && apt-get install -y libsqlite3-dev\nFROM base\n${GO_APP}`)],
    },
  },
  {
    id: "no-runtime-counterpart",
    summary: "the base image has no known runtime counterpart",
    hint: "name the final stage's base with --runtime-base IMAGE",
    doc: "The final stage's base comes from the knowledge of base images (`src/knowledge/base-images.ts`). An image it does not know (a private builder image, an unknown tag) needs `--runtime-base`.",
    cases: {
      hits: [
        c('FROM mycorp/builder:7\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nCMD ["app"]\n'),
      ],
      nearMisses: [
        c('FROM mycorp/builder:7\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nCMD ["app"]\n', {
          opts: { runtimeBase: "debian:bookworm-slim" },
        }),
      ],
    },
  },
  {
    id: "base-not-followable",
    summary: "the final base cannot be written with the ARGs the original FROM uses",
    hint: "pass --runtime-base, or give the ARG a value the counterpart follows",
    doc: "A FROM written with ARGs (`python:${PY}`) gets a final FROM written with the same ARGs, so that a `--build-arg` moves both stages. slimstage checks the written form for other values of each ARG and declines when the image name itself comes from an ARG or when one FROM cannot follow every value.",
    cases: { hits: [c(`ARG IMAGE=python\nFROM \${IMAGE}:3.11\n${PY_APP}`)], nearMisses: [c(`ARG PY=3.11\nFROM python:\${PY}\n${PY_APP}`)] },
  },
  {
    id: "libc-mismatch",
    summary: "the builder and the runtime base have different C libraries",
    hint: "choose a runtime base with the same C library",
    doc: "A binary or native extension built against glibc does not run on musl (Alpine) and the other way round; a static Go binary (CGO_ENABLED=0) is exempt.",
    cases: {
      hits: [
        c(PY, { opts: { runtimeBase: "python:3.11-alpine" } }),
        c('FROM golang:1.19\nRUN go build -o /app .\nCMD ["/app"]\n', { opts: { runtimeBase: "alpine:3.19" } }),
      ],
      nearMisses: [c(PY, { opts: { runtimeBase: "python:3.11-slim" } }), c(GO, { opts: { runtimeBase: "alpine:3.19" } })],
    },
  },
  {
    id: "language-version-mismatch",
    summary: "the runtime base has another version of the language than the builder",
    hint: "use a runtime base with the same language version",
    doc: "A virtualenv, node_modules with native addons or a jar built for one version may not work with another.",
    cases: { hits: [c(PY, { opts: { runtimeBase: "python:3.12-slim" } })], nearMisses: [c(PY, { opts: { runtimeBase: "python:3.11-slim" } })] },
  },
  {
    id: "archived-release-apt",
    summary: "the final stage would need apt-get on an archived release the original never points apt at",
    hint: "point apt's sources at the archive in a RUN of the original, or keep the full base with --runtime-base",
    doc: "On an archived Debian or Ubuntu release (stretch, buster …) `apt-get update` fails against the default mirror. When the final stage must install packages the full base provided, slimstage only adds that apt-get when the original shows how to reach the archive.",
    cases: {
      hits: [
        c(
          'FROM python:3.5\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD ["python", "app.py"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\nCMD ["python", "app.py"]\n',
        ),
      ],
    },
  },
  // -- what the container does when it starts ---------------------------------------------------------------------
  {
    id: "builds-at-start",
    summary: "CMD/ENTRYPOINT (or a script they run) installs packages or compiles when the container starts",
    hint: "move that step into a RUN instruction (or keep the image single-stage), then convert",
    doc: "`pip install`, `npm install`, `go run`, `mvn`, `gcc`, `make` … at start need the build tools in the running image, which is exactly what the final stage leaves out. Start commands are followed through shell scripts of the build context and package scripts.",
    cases: {
      hits: [
        c("FROM python:3.11\nRUN pip install flask\nCMD pip install -r r.txt && python app.py\n"),
        c('FROM golang:1.19\nCOPY . .\nENTRYPOINT ["go", "run", "."]\n'),
      ],
      nearMisses: [c(PY)],
    },
  },
  {
    id: "no-app",
    summary: "the image has no CMD or ENTRYPOINT and no app: a base or CI image",
    hint: "keep it single-stage; convert the Dockerfiles that build FROM it instead",
    doc: "An image without a start command whose toolchain is its content (a CI image, a base for other builds) would lose exactly that in a slim final stage.",
    cases: {
      hits: [c("FROM python:3.11\nRUN apt-get update && apt-get install -y libpq-dev\nRUN pip install psycopg2\n")],
      nearMisses: [
        c('FROM python:3.11\nRUN apt-get update && apt-get install -y libpq-dev\nCOPY . /app\nRUN pip install psycopg2\nCMD ["python", "/app/app.py"]\n'),
      ],
    },
  },
  {
    id: "builder-unused",
    summary: "nothing the build steps make is needed by the final stage",
    hint: "if the app needs nothing the full base provides, change its FROM line to the runtime image yourself",
    doc: "When no artifact crosses from the builder, a split would only swap the base image, which is a decision about the app's needs that slimstage leaves to the user.",
    cases: {
      hits: [c('FROM python:3.11\nCOPY app.py /app/app.py\nCMD ["python", "/app/app.py"]\n')],
      nearMisses: [c('FROM python:3.11\nCOPY app.py /app/app.py\nRUN pip install flask\nCMD ["python", "/app/app.py"]\n')],
    },
  },
  // -- RUN steps slimstage cannot read or place ---------------------------------------------------------------------
  {
    id: "shell-does-not-parse",
    summary: "a RUN's shell does not parse (or nests deeper than the analysis follows)",
    hint: "fix the shell syntax (it would fail in the build too), then convert",
    doc: "What an unreadable RUN does cannot be known, so such a file is never called lean either.",
    cases: { hits: [c(`FROM golang:1.19\nRUN if then fi\n${GO_APP}`)], nearMisses: [c(`FROM golang:1.19\nRUN if true; then echo ok; fi\n${GO_APP}`)] },
  },
  {
    id: "computed-packages",
    summary: "package names are computed while the image builds (`$runDeps`)",
    hint: "list the runtime packages by name, then convert",
    doc: "The final stage installs the runtime packages by name; names a script computes at build time are unknown to it.",
    cases: {
      hits: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y $(cat /etc/deps)\n${GO_APP}`)],
      nearMisses: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-0\n${GO_APP}`)],
    },
  },
  {
    id: "self-cleaning-run",
    summary: "a RUN installs its build dependencies and removes them again",
    hint: "the image is probably lean already; split this RUN by hand if you want a builder stage",
    doc: "`apt-mark`, `purge --auto-remove`, `apk del .build-deps` keep runtime libraries by marks slimstage cannot follow.",
    cases: {
      hits: [
        c(
          'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt && apt-get purge -y gcc && apt-get autoremove -y\nCMD ["python", "app.py"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
        ),
      ],
    },
  },
  {
    id: "unsafe-replay",
    summary: "a command to replay in the final stage runs conditionally or in a pipeline next to package installs",
    hint: "put it in a RUN of its own, then convert",
    doc: "Users and file operations of a build RUN are replayed in the final stage; a command behind `if`, `||` or in a pipeline cannot be replayed on its own with the same meaning.",
    cases: {
      hits: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev && (id app || useradd app)\n${GO_APP}`)],
      nearMisses: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev && useradd app\n${GO_APP}`)],
    },
  },
  {
    id: "unknown-runtime-run",
    summary: "an unrecognised command would run in the final stage, whose slim base may lack what the full base provides",
    hint: "if it only prepares files, run it before the build steps or convert by hand",
    doc: "A RUN kept in the final stage on a full base (python:3.11, golang …) may call something only the full base has.",
    cases: {
      hits: [c('FROM python:3.11\nWORKDIR /app\nRUN pip install six\nCOPY . .\nRUN xzcat data.xz > data\nCMD ["python"]\n')],
      nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN xzcat data.xz > data\nRUN pip install six\nCMD ["python"]\n')],
    },
  },
  {
    id: "unknown-needs-build-tools",
    summary: "an unrecognised command after a build-only install may need those build tools",
    hint: "if it builds something, say where the result goes, or convert by hand",
    doc: "A RUN after `apt-get install gcc` that slimstage does not recognise may compile something; in the final stage the compiler is gone.",
    cases: {
      hits: [
        c(
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nRUN frobnicate --all\nCMD ["app"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM debian:bookworm\nRUN frobnicate --all\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /src\nCOPY . .\nRUN gcc -o /usr/local/bin/app main.c\nCMD ["app"]\n',
        ),
      ],
    },
  },
  {
    id: "unknown-with-python-install",
    summary: "an unrecognised command runs in the same RUN as the Python install",
    hint: "run it in a RUN of its own after the install, then convert",
    doc: "The Python plan carries only the virtualenv; whatever else that RUN writes would be lost.",
    cases: {
      hits: [c('FROM python:3.11\nCOPY . /code\nRUN pip install -r /code/requirements.txt && prepare-assets --out /srv/static\nCMD ["gunicorn", "app:app"]\n')],
      nearMisses: [c('FROM python:3.11\nWORKDIR /code\nCOPY . /code\nRUN pip install -r requirements.txt && python prepare.py\nCMD ["gunicorn", "app:app"]\n')],
    },
  },
  {
    id: "unknown-with-packages",
    summary: "an unrecognised command runs in a RUN that installs system packages",
    hint: "move it to a RUN of its own after the package installs, or convert by hand",
    doc: "Package installs are split between the stages; what the unknown command makes may or may not be needed at run time.",
    cases: {
      hits: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev && frobnicate --all\n${GO_APP}`)],
      nearMisses: [c(`FROM golang:1.19\nRUN apt-get update && apt-get install -y libsqlite3-dev\nRUN frobnicate --all\n${GO_APP}`)],
    },
  },
  {
    id: "final-run-needs-build-package",
    summary: "a RUN the final stage runs again calls a program of a build-only package",
    hint: "do this step in the same RUN as the build, or convert by hand",
    doc: "`git clone` after `apt-get install git` in a step both stages need, or a user or file operation of a build RUN that the final stage replays: the final stage leaves git in the builder (`src/convert/final-runs.ts`).",
    cases: {
      hits: [
        c(
          'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y git\nRUN git clone --depth 1 https://example.com/app.git /src\nWORKDIR /src\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y git\nCOPY . /src\nWORKDIR /src\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
        ),
      ],
    },
  },
  {
    id: "run-between-build-steps",
    summary: "a RUN kept in the final stage runs between build steps",
    hint: "move it after the build steps, or into the same RUN as the build, then convert",
    doc: "It may use what the earlier build steps made, which the final stage only copies in after the last of them.",
    cases: {
      hits: [c("FROM python:3.11\nWORKDIR /app\nRUN pip install six\nRUN python -c 'import six'\nRUN pip install idna\nCMD [\"python\"]\n")],
      nearMisses: [c("FROM python:3.11\nWORKDIR /app\nRUN pip install six\nRUN pip install idna\nRUN python -c 'import six'\nCMD [\"python\"]\n")],
    },
  },
  {
    id: "foreign-build",
    summary: "a Go or cargo build in an image of another ecosystem",
    hint: "build it in a stage of its own, or convert by hand",
    doc: "Each image gets the plan of one ecosystem; a second language's build is not carried over.",
    cases: {
      hits: [c('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nRUN cargo build --release\nCMD ["/out/app"]\n')],
      nearMisses: [c(GO)],
    },
  },
  {
    id: "foreign-install",
    summary: "make/cmake install something besides the image's main build",
    hint: "install it into a prefix of its own (e.g. /opt/NAME), or convert by hand",
    doc: "What an install into the base's own directories adds cannot be told apart from the base image's files.",
    cases: {
      hits: [c('FROM python:3.11\nWORKDIR /src\nCOPY . .\nRUN ./configure && make && make install\nRUN pip install ta-lib\nCMD ["python"]\n')],
      nearMisses: [
        c(
          'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install six\nRUN gcc -o /usr/local/bin/hello hello.c\nCMD ["sh", "-c", "hello && python app.py"]\n',
        ),
      ],
    },
  },
  // -- artifacts ------------------------------------------------------------------------------------------------------
  {
    id: "artifact-not-a-path",
    summary: "what to copy into the final stage is not a literal absolute path",
    hint: "use a literal absolute path, or pass the variable with --build-arg",
    doc: "A COPY --from needs a path slimstage can name; a variable without a value or a relative path is not one.",
    cases: {
      hits: [c('FROM python:3.11\nARG T\nRUN pip install --target $T flask\nCMD ["python", "-m", "flask"]\n')],
      nearMisses: [
        c('FROM python:3.11\nARG T\nRUN pip install --target $T flask\nCMD ["python", "-m", "flask"]\n', { opts: { buildArgs: { T: "/opt/pkgs" } } }),
      ],
    },
  },
  {
    id: "output-may-not-be-built",
    summary: "a build output comes from a command that may not run",
    hint: "build it unconditionally, or let the build fail when it cannot be built",
    doc: 'An output built behind a condition or `|| true` (`[ "$(uname -m)" = x86_64 ] && gcc … || true`) may be missing; an unconditional COPY --from of it would then fail.',
    cases: {
      hits: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN [ "$(uname -m)" = x86_64 ] && gcc -O2 -o /opt/app/fast main.c || true\nCMD ["/opt/app/fast"]\n')],
      nearMisses: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN gcc -O2 -o /opt/app/fast main.c\nCMD ["/opt/app/fast"]\n')],
    },
  },
  {
    id: "app-files-in-system-dir",
    summary: "a build step changes files in a directory the base image also fills",
    hint: "copy the app into a directory of its own (e.g. /app), or make the change in a RUN of its own after the build steps",
    doc: "The final stage takes the app's directories from the builder when a build step changes them; in a system directory that would carry the base's files too (`src/convert/app-files.ts`).",
    cases: {
      hits: [
        c(
          'FROM python:3.11\nCOPY scripts/ /usr/local/bin/\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && rm /usr/local/bin/old.sh\nCMD ["python", "app.py"]\n',
        ),
      ],
      nearMisses: [
        c('FROM python:3.11\nCOPY scripts/ /usr/local/bin/\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n'),
      ],
    },
  },
  {
    id: "app-dir-used-before-copy",
    summary: "a RUN kept in both stages works on app files the final stage only gets later",
    hint: "merge that RUN into the build step, or move it after the build, then convert",
    doc: "The final stage copies the changed app directory from the builder after the build step; an earlier RUN would find it empty.",
    cases: {
      hits: [
        c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN ./prepare.sh\nRUN pip install -r requirements.txt && python gen.py\nCMD ["python", "main.py"]\n'),
      ],
      nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && python gen.py\nCMD ["python", "main.py"]\n')],
    },
  },
  {
    id: "editable-outside-context",
    summary: "an editable install points the virtualenv at files the final stage would not have",
    hint: "install it without -e, or COPY its sources from the build context, then convert",
    doc: "`pip install -e PATH` links the virtualenv to PATH; if PATH is not from the build context it is not in the final stage.",
    cases: {
      hits: [
        c(
          'FROM python:3.11\nRUN mkdir -p /opt/lib && echo > /opt/lib/setup.py\nWORKDIR /app\nCOPY . .\nRUN pip install -e /opt/lib -r requirements.txt\nCMD ["python", "app.py"]\n',
        ),
      ],
      nearMisses: [c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -e . -r requirements.txt\nCMD ["python", "app.py"]\n')],
    },
  },
  // -- Python -----------------------------------------------------------------------------------------------------------
  {
    id: "python-not-official",
    summary: "Python comes from the distribution's packages and cannot make a virtualenv",
    hint: "install python3-venv with python3 before the pip step, or build FROM python:<version>",
    doc: "The same interpreter must be in both stages; with a distribution's python3 that works only when a virtualenv can be made with it (python3-venv).",
    cases: {
      hits: [
        c(
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-pip gcc\nWORKDIR /app\nCOPY . .\nRUN pip3 install --break-system-packages -r requirements.txt\nCMD ["python3", "app.py"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-venv python3-pip gcc\nWORKDIR /app\nCOPY . .\nRUN pip3 install --break-system-packages -r requirements.txt\nCMD ["python3", "app.py"]\n',
        ),
      ],
    },
  },
  {
    id: "python2",
    summary: "Python 2 (no venv module)",
    hint: "move to Python 3, or convert by hand",
    doc: "The Python plan installs into a virtualenv made with `python -m venv`, which Python 2 lacks.",
    cases: { hits: [c(`FROM python:2.7\n${PY_APP}`)], nearMisses: [c(`FROM python:3.11\n${PY_APP}`)] },
  },
  {
    id: "pip-as-user",
    summary: "Python packages are installed as a non-root user",
    hint: "install the dependencies as root, or create a virtualenv yourself",
    doc: "slimstage's virtualenv at /opt/venv needs root to create; a virtualenv the Dockerfile makes itself is carried over as it is.",
    cases: {
      hits: [c('FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nUSER app\nRUN pip install flask\nCMD ["flask", "run"]\n')],
      nearMisses: [c('FROM python:3.11\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nUSER app\nCMD ["flask", "run"]\n')],
    },
  },
  {
    id: "poetry-venv-placed",
    summary: "poetry is told where to put its virtualenv",
    hint: "create the virtualenv yourself at a fixed path and slimstage will carry it over",
    doc: "`virtualenvs.in-project` / `virtualenvs.path` say where the image expects the environment; slimstage's /opt/venv would take its place.",
    cases: {
      hits: [
        c(
          'FROM python:3.11\nWORKDIR /app\nRUN pip install poetry\nCOPY . .\nRUN poetry config virtualenvs.in-project true && poetry install\nCMD ["poetry", "run", "app"]\n',
        ),
      ],
      nearMisses: [
        c('FROM python:3.11\nWORKDIR /app\nRUN pip install poetry\nCOPY . .\nRUN poetry config virtualenvs.create false && poetry install\nCMD ["app"]\n'),
      ],
    },
  },
  {
    id: "system-tools-visible-to-venv",
    summary: "tools installed into the system interpreter would be visible to a --system-site-packages virtualenv",
    hint: "install those tools after the app's packages, or create a virtualenv yourself",
    doc: "Builds that run setuptools in the environment itself (`--no-build-isolation`, setup.py) get a virtualenv that sees the interpreter's packages; tools installed there before would be seen as well (`src/convert/python-env.ts`).",
    cases: {
      hits: [c('FROM python:3.11\nRUN pip install poetry\nWORKDIR /app\nCOPY . .\nRUN pip install --no-build-isolation -e .\nCMD ["python", "app.py"]\n')],
      nearMisses: [
        c('FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install --no-build-isolation -e .\nRUN pip install poetry\nCMD ["python", "app.py"]\n'),
      ],
    },
  },
  // -- Node -------------------------------------------------------------------------------------------------------------
  {
    id: "npm-global-tools",
    summary: "the image's tools are npm packages installed globally and it has no app install",
    hint: "keep this image single-stage, or copy /usr/local/lib/node_modules and the bin links by hand",
    doc: "Global npm installs are not carried over yet.",
    cases: { hits: [c('FROM node:18\nRUN npm install -g serve\nCMD ["serve", "-s", "/srv"]\n')], nearMisses: [c(NODE)] },
  },
  {
    id: "npm-global-start",
    summary: "the container runs a package installed globally with npm",
    hint: "install it as a dependency of the app (and run it from node_modules/.bin), then convert",
    doc: "The final stage gets the app directory, not the global node_modules. A bin counts as the package's when it is named after it, with or without a suffix (pm2 → pm2-runtime). The app's own package installed with `npm install -g .` is carried over instead (its package.json names it and its bins).",
    cases: {
      hits: [
        c('FROM node:18\nWORKDIR /app\nRUN npm install -g pm2\nCOPY . .\nRUN npm ci\nCMD ["pm2", "start"]\n'),
        c('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm install -g pm2\nCMD ["pm2-runtime", "server.js"]\n'),
      ],
      nearMisses: [c('FROM node:18\nWORKDIR /app\nRUN npm install -g pm2\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n')],
    },
  },
  {
    id: "node-app-in-root",
    summary: "the Node app is built in / (no WORKDIR)",
    hint: "set a WORKDIR for the app, e.g. WORKDIR /app",
    doc: "The Node plan copies the app directory whole; / is the whole system.",
    cases: { hits: [c('FROM node:18\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n')], nearMisses: [c(NODE)] },
  },
  {
    id: "yarn-berry-dev-deps",
    summary: "Yarn 2+ with dev dependencies to drop",
    hint: "use `yarn workspaces focus --production`, or pass --runtime-base and prune yourself",
    doc: "Yarn 2+ has no built-in way to drop dev dependencies from an installed node_modules.",
    cases: {
      hits: [c('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN yarn install --immutable\nCMD ["node", "server.js"]\n')],
      nearMisses: [c('FROM node:18\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile\nCMD ["node", "server.js"]\n')],
    },
  },
  // -- compiled languages ----------------------------------------------------------------------------------------------
  {
    id: "go-no-build",
    summary: "a Go image with no `go build` or `go install`",
    hint: "build the binary in a RUN step with `go build -o /path/to/binary`",
    doc: "Without a build step there is no binary to carry over.",
    cases: { hits: [c('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go mod download\nCMD ["./app"]\n')], nearMisses: [c(GO)] },
  },
  {
    id: "go-output-unknown",
    summary: "where `go build` writes its binary is not known",
    hint: "name the output with `go build -o /path/to/binary`",
    doc: "Without -o, `go build .` writes a binary named after the module (read from go.mod with --context) or the directory; `go build ./...` writes none.",
    cases: {
      hits: [c('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build ./...\nCMD ["app"]\n')],
      nearMisses: [
        c('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build .\nCMD ["./app"]\n', { context: { "go.mod": "module example.com/app\n\ngo 1.19\n" } }),
      ],
    },
  },
  {
    id: "rust-no-build",
    summary: "a Rust image with no `cargo build`",
    hint: "build with `cargo build --release`",
    doc: "Without a build step there is no binary to carry over.",
    cases: {
      hits: [c('FROM rust:1.63\nWORKDIR /src\nCOPY . .\nRUN cargo fetch\nCMD ["./app"]\n')],
      nearMisses: [c('FROM rust:1.63\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["./target/release/app"]\n')],
    },
  },
  {
    id: "rust-binary-unknown",
    summary: "the name of the binary cargo builds is not known",
    hint: "pass --context so slimstage can read Cargo.toml, or run the binary by its path in CMD",
    doc: "The binary's name comes from `--bin`, Cargo.toml (with --context) or the start command.",
    cases: {
      hits: [c('FROM rust:1.63\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["sh", "-c", "exec $APP"]\n')],
      nearMisses: [
        c('FROM rust:1.63\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nCMD ["sh", "-c", "exec $APP"]\n', {
          context: { "Cargo.toml": '[package]\nname = "app"\nversion = "0.1.0"\n' },
        }),
      ],
    },
  },
  {
    id: "java-no-build",
    summary: "a Java image with no Maven, Gradle, javac or jar step",
    hint: "build the jar in a RUN step",
    doc: "Without a build step there is no jar to carry over.",
    cases: {
      hits: [c('FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY app.jar .\nCMD ["java", "-jar", "app.jar"]\n')],
      nearMisses: [
        c(
          'FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac -d out Main.java && jar --create --file app.jar -C out .\nCMD ["java", "-jar", "app.jar"]\n',
        ),
      ],
    },
  },
  {
    id: "java-output-unknown",
    summary: "where the Java build puts its classes or jar is not known",
    hint: "package a jar and run it with `java -jar PATH` in CMD",
    doc: "The jar comes from `java -jar` in the start command, `jar --file`, Maven's target/ and Gradle's build/libs, or the `java -cp` entries that `javac -d` and `jar` wrote.",
    cases: {
      hits: [c('FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac Main.java\nCMD ["java", "Main"]\n')],
      nearMisses: [
        c('FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac -d out Main.java\nCMD ["java", "-cp", "out", "Main"]\n'),
        c(
          'FROM eclipse-temurin:17-jdk\nWORKDIR /app\nCOPY . .\nRUN javac -d out Main.java && jar --create --file app.jar -C out .\nCMD ["java", "-jar", "app.jar"]\n',
        ),
      ],
    },
  },
  {
    id: "dotnet-no-publish-output",
    summary: "no `dotnet publish -o DIR`",
    hint: "publish with an explicit output directory: `dotnet publish -c Release -o /app/publish`",
    doc: "The final stage copies the publish directory, which must be named.",
    cases: {
      hits: [c('FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release\nCMD ["dotnet", "app.dll"]\n')],
      nearMisses: [
        c(
          'FROM mcr.microsoft.com/dotnet/sdk:8.0\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app/publish\nWORKDIR /app/publish\nCMD ["dotnet", "app.dll"]\n',
        ),
      ],
    },
  },
  {
    id: "c-no-compile-step",
    summary: "no compile step slimstage can follow (make, cmake, configure, gcc/cc)",
    hint: "nothing is compiled, so there is little for a builder stage to keep",
    doc: "An image with build-only packages but no build slimstage recognises has nothing to carry over.",
    cases: { hits: [c('FROM gcc:12\nWORKDIR /src\nCOPY run.sh .\nCMD ["./run.sh"]\n')], nearMisses: [c(C)] },
  },
  {
    id: "c-output-unknown",
    summary: "what the C/C++ build produces is not known",
    hint: "name the output (`gcc -o /usr/local/bin/app`, `make install PREFIX=/usr/local`) or run the program by its path in CMD",
    doc: "Outputs come from -o, the install prefix, or the program CMD runs by path.",
    cases: {
      hits: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["app"]\n')],
      nearMisses: [c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make\nCMD ["./app"]\n')],
    },
  },
  {
    id: "install-into-shared-prefix",
    summary: "an install into a prefix the base image shares that cannot be repeated into a staging root",
    hint: "install into a prefix of its own (PREFIX=/opt/app, -DCMAKE_INSTALL_PREFIX=/opt/app), then convert",
    doc: "An install into /usr or / (the whole system), or into /usr/local on the gcc images (their own compiler lives there), is repeated in the builder with DESTDIR set, and the final stage copies that staging root. That needs a tool known to honour DESTDIR (CMake, ninja, Autoconf/Automake or CMake Makefiles, a context Makefile using $(DESTDIR)), a build tree still there after the install, and an install command that does not use its RUN's own variables.",
    cases: {
      hits: [
        c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make && make install\nCMD ["app"]\n', {
          context: { Makefile: "install:\n\tinstall -m755 app /usr/local/bin/app\n" },
        }),
        c(
          'FROM gcc:12\nRUN apt-get update && apt-get install -y cmake\nWORKDIR /src\nCOPY . .\nRUN cmake -S . -B build && cmake --build build && cmake --install build && rm -rf build\nCMD ["app"]\n',
        ),
        c(
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /src\nCOPY . .\nRUN ./configure --prefix=/usr && make && P=x; make install V=$P\nCMD ["app"]\n',
        ),
      ],
      nearMisses: [
        c('FROM gcc:12\nWORKDIR /src\nCOPY . .\nRUN make && make install\nCMD ["app"]\n', {
          context: { Makefile: "install:\n\tinstall -m755 app $(DESTDIR)/usr/local/bin/app\n" },
        }),
        c(
          'FROM gcc:12\nRUN apt-get update && apt-get install -y cmake\nWORKDIR /src\nCOPY . .\nRUN cmake -S . -B build && cmake --build build && cmake --install build\nCMD ["app"]\n',
        ),
        c(
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential\nWORKDIR /src\nCOPY . .\nRUN ./configure --prefix=/usr && make && make install\nCMD ["app"]\n',
        ),
      ],
    },
  },
  {
    id: "php-base-not-official",
    summary: "PHP commands on a base that is not an official php image",
    hint: "build FROM php:<version>-<variant>, or convert by hand",
    doc: "The PHP plan relies on the official php images' layout (extensions under /usr/local/lib/php/extensions, ini files in /usr/local/etc/php/conf.d); a distribution's PHP keeps them elsewhere.",
    cases: {
      hits: [
        c(
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y php-cli composer\nWORKDIR /app\nCOPY . .\nRUN composer install\nCMD ["php", "app.php"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM php:8.2-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nWORKDIR /app\nCOPY . .\nRUN composer install\nCMD ["php", "app.php"]\n',
        ),
      ],
    },
  },
  {
    id: "php-ini-dir-moved",
    summary: "PHP_INI_DIR is not the php images' /usr/local/etc/php",
    hint: "keep PHP_INI_DIR as the image sets it",
    doc: "The final stage copies the extensions' ini files from $PHP_INI_DIR/conf.d as the php images lay it out; a moved PHP_INI_DIR may hold more than the build's own files.",
    cases: {
      hits: [
        c(
          'FROM php:8.2-apache\nENV PHP_INI_DIR=/etc/php\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nCOPY . /var/www/html/\nCMD ["apache2-foreground"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM php:8.2-apache\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nCOPY . /var/www/html/\nCMD ["apache2-foreground"]\n',
        ),
      ],
    },
  },
  {
    id: "php-composer-global",
    summary: "`composer global …` installs tools into Composer's home",
    hint: "require the tool in composer.json, or keep the image single-stage",
    doc: "Global Composer packages live in Composer's home with their own vendor/ and bin/ links, which the app's own vendor/ copy does not carry.",
    cases: {
      hits: [
        c(
          'FROM php:8.2-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nRUN composer global require laravel/pint\nWORKDIR /app\nCOPY . .\nCMD ["pint", "--test"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM php:8.2-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nWORKDIR /app\nCOPY . .\nRUN composer install\nCMD ["php", "app.php"]\n',
        ),
      ],
    },
  },
  {
    id: "php-composer-create-project",
    summary: "`composer create-project` makes the app inside the image",
    hint: "commit the project and COPY it in",
    doc: "A project created while the image builds is not from the build context: what it contains, and which of it the app needs, is not known.",
    cases: {
      hits: [
        c(
          'FROM php:8.2-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nWORKDIR /srv\nRUN composer create-project laravel/laravel app\nCMD ["php", "app/artisan", "serve"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM php:8.2-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nWORKDIR /srv/app\nCOPY . .\nRUN composer install\nCMD ["php", "artisan", "serve"]\n',
        ),
      ],
    },
  },
  {
    id: "php-nothing-built",
    summary: "-dev packages installed on a php image, but no extension built",
    hint: "remove the unused -dev packages yourself",
    doc: "Nothing is compiled against the -dev packages, so a builder stage would leave nothing behind: the packages are simply unused.",
    cases: {
      hits: [c('FROM php:8.2-apache\nRUN apt-get update && apt-get install -y libpq-dev\nCOPY . /var/www/html/\nCMD ["apache2-foreground"]\n')],
      nearMisses: [
        c(
          'FROM php:8.2-apache\nRUN apt-get update && apt-get install -y libpq-dev && docker-php-ext-install pdo_pgsql\nCOPY . /var/www/html/\nCMD ["apache2-foreground"]\n',
        ),
      ],
    },
  },
  {
    id: "php-composer-at-start",
    summary: "the container runs composer when it starts",
    hint: "run the install in the Dockerfile and start the app itself",
    doc: "Composer stays in the builder; a CMD, ENTRYPOINT or HEALTHCHECK that runs it (`composer run-script serve`) would not find it in the final stage.",
    cases: {
      hits: [
        c(
          'FROM php:8.2-cli\nRUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer\nWORKDIR /app\nCOPY . .\nRUN composer install\nCMD ["composer", "run-script", "serve"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM php:8.2-cli\nRUN curl -sS https://getcomposer.org/installer | php -- --install-dir=/usr/local/bin --filename=composer\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nWORKDIR /app\nCOPY . .\nRUN composer install\nCMD ["php", "server.php"]\n',
        ),
      ],
    },
  },
  {
    id: "php-composer-in-root",
    summary: "composer runs in / (no WORKDIR for the app)",
    hint: "set a WORKDIR for the app",
    doc: "The final stage copies the directory Composer ran in; copying / would copy the whole builder.",
    cases: {
      hits: [c('FROM php:8.2-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nCOPY . .\nRUN composer install\nCMD ["php", "app.php"]\n')],
      nearMisses: [
        c(
          'FROM php:8.2-cli\nCOPY --from=composer:2 /usr/bin/composer /usr/bin/composer\nRUN apt-get update && apt-get install -y libzip-dev && docker-php-ext-install zip\nWORKDIR /app\nCOPY . .\nRUN composer install\nCMD ["php", "app.php"]\n',
        ),
      ],
    },
  },
  {
    id: "php-alpine-extension-unknown",
    summary: "an extension on an Alpine php image whose apk runtime packages are not known",
    hint: "convert by hand, or use the Debian variant of the image",
    doc: "On Alpine the runtime libraries of an extension are named from slimstage's extension data; an extension it has no apk names for (or a package list in a variable) leaves the final stage's needs unknown.",
    cases: {
      hits: [c('FROM php:8.2-fpm-alpine3.19\nRUN apk add --no-cache enchant2-dev && docker-php-ext-install enchant\nCMD ["php-fpm"]\n')],
      nearMisses: [c('FROM php:8.2-fpm-alpine3.19\nRUN apk add --no-cache icu-dev libxslt-dev && docker-php-ext-install intl xsl\nCMD ["php-fpm"]\n')],
    },
  },
  {
    id: "ruby-compiles-at-start",
    summary: "the container installs gems or compiles an extension when it starts",
    hint: "install and compile in a RUN step, then convert",
    doc: "`bundle install`, `gem install`, `rake compile` or an `extconf.rb` at start need a compiler and the -dev packages, which the ruby -slim final stage leaves out.",
    cases: {
      hits: [c('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "rake", "compile", "serve"]\n')],
      nearMisses: [c('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "rake", "serve"]\n')],
    },
  },
  {
    id: "ruby-nothing-built",
    summary: "a full ruby image with no gem install and no build task",
    hint: "if the app needs nothing the full base provides, change its FROM line to the -slim image yourself",
    doc: "As for Python, a split would leave nothing behind in the builder: it would only change the base image.",
    cases: {
      hits: [c('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nCMD ["ruby", "app.rb"]\n')],
      nearMisses: [c('FROM ruby:3.1\nWORKDIR /app\nRUN gem install --no-document rack:3.0.8\nCOPY . .\nCMD ["ruby", "app.rb"]\n')],
    },
  },
  {
    id: "ruby-distro-ruby",
    summary: "Ruby from the distribution's packages",
    hint: "build FROM ruby:<version> (its -slim counterpart runs it), or convert by hand",
    doc: "A distribution's Ruby has no ruby -slim counterpart whose GEM_HOME and bundler match, so where the gems go and what runs them is not known.",
    cases: {
      hits: [
        c(
          'FROM debian:bookworm\nRUN apt-get update && apt-get install -y ruby-full build-essential\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
        ),
      ],
      nearMisses: [c('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n')],
    },
  },
  {
    id: "ruby-app-in-root",
    summary: "a build step writes into a Ruby app that lives in /",
    hint: "set a WORKDIR for the app, then convert",
    doc: "The final stage takes the app's directory from the builder when a build step writes into it (vendor/bundle, precompiled assets); for an app in / that would copy the whole builder.",
    cases: {
      hits: [c('FROM ruby:3.1\nCOPY . .\nRUN bundle install && bundle exec rake assets:precompile\nCMD ["bundle", "exec", "rails", "server"]\n')],
      nearMisses: [c('FROM ruby:3.1\nCOPY . .\nRUN bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n')],
    },
  },
  {
    id: "ruby-bundle-path-unknown",
    summary: "bundler's install path is a variable without a value",
    hint: "use a literal BUNDLE_PATH (or pass it with --build-arg), then convert",
    doc: "Where the gems go decides what the final stage copies; a path from an unset variable is only known while the image builds.",
    cases: {
      hits: [c('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle config set path "$GEMS_DIR" && bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n')],
      nearMisses: [
        c('FROM ruby:3.1\nWORKDIR /app\nCOPY . .\nRUN bundle config set path vendor/bundle && bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n'),
      ],
    },
  },
  {
    id: "ruby-user-bundle-config",
    summary: "a global `bundle config` by a non-root user",
    hint: "use `bundle config set --local` (or ENV BUNDLE_…), then convert",
    doc: "Without --local, `bundle config` writes ~/.bundle/config of the user running it; for a non-root user slimstage does not carry that home over.",
    cases: {
      hits: [
        c(
          'FROM ruby:3.1\nRUN useradd -m app\nUSER app\nWORKDIR /home/app/src\nCOPY . .\nRUN bundle config set without test && bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM ruby:3.1\nRUN useradd -m app\nUSER app\nWORKDIR /home/app/src\nCOPY . .\nRUN bundle config set --local without test && bundle install\nCMD ["bundle", "exec", "ruby", "app.rb"]\n',
        ),
      ],
    },
  },
  {
    id: "toolchain-final-run",
    summary: "a RUN of a final stage moved off its toolchain image needs the toolchain, or a program not known to be on the runtime image",
    hint: "do that step in the build stage and copy what it makes, or keep the toolchain image (or check the program and pass --runtime-base)",
    doc: "An already multi-stage file whose final stage runs on a full or toolchain image (python:3.11, node:18, golang, rust, gcc, a JDK) is re-based on the runtime counterpart when it only runs what earlier stages built; a RUN of its own must still work there.",
    cases: {
      hits: [
        c(
          'FROM golang:1.19 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM golang:1.19\nCOPY --from=build /out/server /usr/local/bin/server\nRUN go version > /version\nCMD ["server"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM golang:1.19 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server .\n\nFROM golang:1.19\nCOPY --from=build /out/server /usr/local/bin/server\nRUN useradd -r app\nUSER app\nCMD ["server"]\n',
        ),
      ],
    },
  },
  {
    id: "stage-chain-used-elsewhere",
    summary: "a stage of the final stage's FROM <stage> chain is also another stage's base or a COPY --from source",
    hint: "give the other user a stage of its own, or convert by hand",
    doc: "A FROM <stage> chain is merged into one stage and converted; a stage of the chain that something else builds on or copies from would change with the merge.",
    cases: {
      hits: [
        c(
          'FROM python:3.11 AS base\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nFROM base AS test\nRUN true\nFROM base AS final\nCMD ["flask"]\n',
        ),
      ],
      nearMisses: [c('FROM python:3.11 AS base\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nFROM base AS final\nCMD ["flask"]\n')],
    },
  },
  {
    id: "stage-chain-arg-scope",
    summary: "a later stage of the chain uses an ARG an earlier stage declared, without declaring it again",
    hint: "declare `ARG NAME` in that stage too (or drop the use), then convert",
    doc: "An ARG is scoped to the stage that declares it; merging the chain into one stage would give the later stage a value it did not see.",
    cases: {
      hits: [
        c(
          'FROM python:3.11 AS base\nARG APP=/srv\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nFROM base AS final\nWORKDIR $APP\nCMD ["flask"]\n',
        ),
      ],
      nearMisses: [
        c(
          'FROM python:3.11 AS base\nARG APP=/srv\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nFROM base AS final\nARG APP\nWORKDIR $APP\nCMD ["flask"]\n',
        ),
      ],
    },
  },
  {
    id: "stage-chain-platform",
    summary: "a later FROM of the chain has flags of its own (--platform)",
    hint: "put the flag on the first FROM of the chain, then convert",
    doc: "Merging the chain keeps only the first FROM; a later FROM's --platform would be lost.",
    cases: {
      hits: [
        c('FROM python:3.11 AS base\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nFROM --platform=linux/amd64 base\nCMD ["flask"]\n'),
      ],
      nearMisses: [
        c('FROM --platform=linux/amd64 python:3.11 AS base\nRUN apt-get update && apt-get install -y gcc\nRUN pip install flask\nFROM base\nCMD ["flask"]\n'),
      ],
    },
  },
] as const satisfies readonly DeclineKind[];

export type DeclineId = (typeof DECLINE_KINDS)[number]["id"];

export const NOTHING_TO_GAIN_KINDS = [
  {
    id: "nothing-built",
    summary: "no build step, no build-only package, and a runtime base already",
    hint: "nothing to do; remove caches in the RUN that makes them",
    doc: "The image ships no build tools and its base is already a runtime image: a builder stage would leave nothing behind.",
    cases: {
      hits: [c('FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nCMD ["python", "app.py"]\n')],
      nearMisses: [
        c(
          'FROM python:3.11-slim\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n',
        ),
      ],
    },
  },
  {
    id: "nothing-removed",
    summary: "build steps, but the split would leave nothing out of the final image",
    hint: "nothing to do",
    doc: "The build steps install nothing build-only, the base is a runtime image, and no dev dependencies, tools or (outside Python) caches stay behind: upgrading pip, setuptools or wheel alone is no gain, since every virtualenv carries its own.",
    cases: {
      hits: [c('FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')],
      nearMisses: [c('FROM node:18-slim\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n')],
    },
  },
  {
    id: "self-cleaning-build-deps",
    summary: "every build RUN installs and removes its own build dependencies, on a base that is not a toolchain image",
    hint: "nothing to do: the image already leaves its build tools out",
    doc: "`apk add --virtual .build-deps … && apk del .build-deps`, or `apt-mark auto` then `apt-get purge --auto-remove` in the RUN that installed them (the official images' pattern): the layer keeps only what the build made and its runtime libraries, so a builder stage would remove nothing more.",
    cases: {
      hits: [
        c(
          'FROM python:3.11-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev \\\n && pip install --no-cache-dir psycopg2 \\\n && apk del .build-deps\nCMD ["python"]\n',
        ),
      ],
      nearMisses: [
        c('FROM python:3.11-alpine\nRUN apk add --no-cache gcc musl-dev postgresql-dev \\\n && pip install --no-cache-dir psycopg2\nCMD ["python"]\n'),
      ],
    },
  },
] as const satisfies readonly DeclineKind[];

export type NothingToGainId = (typeof NOTHING_TO_GAIN_KINDS)[number]["id"];

/** The kind of an id (declines and "nothing to gain" reasons). */
export function declineKind(id: string): DeclineKind | undefined {
  return [...DECLINE_KINDS, ...NOTHING_TO_GAIN_KINDS].find((k) => k.id === id);
}
