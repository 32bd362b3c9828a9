// Deterministic generator of large, valid multi-stage Dockerfiles for the linear-cost bench.
// Every stage mixes the constructs that stress a parser differently (long `\` continuations, heredoc bodies, ENV/ARG/
// LABEL key-value lists, flags, JSON form, comments), so the per-MB mix is the same at every size and only the size
// changes. The generator counts what it emits so the bench can prove the parser really read it all.

/** mulberry32: a tiny seeded PRNG, so the same size and seed always give the same bytes. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASES = ["debian:bookworm-slim", "golang:${GO_VERSION}", "node:20-alpine", "python:3.12-slim", "alpine:3.20"];
const WORDS = ["build", "cache", "deps", "assets", "vendor", "bin", "lib", "share", "conf", "data", "tmp", "out"];

/**
 * Generates a Dockerfile of at least `targetBytes` UTF-8 bytes (ASCII only, so bytes = characters).
 * @param {number} targetBytes
 * @param {{ seed?: number }} [opts]
 * @returns {{ text: string, bytes: number, instructions: number, stages: number, heredocs: number,
 *   continuationLines: number, heredocLines: number }}
 */
export function generateDockerfile(targetBytes, opts = {}) {
  const rand = rng(opts.seed ?? 0x5eed);
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];

  const parts = [];
  let bytes = 0;
  const counts = { instructions: 0, stages: 0, heredocs: 0, continuationLines: 0, heredocLines: 0 };
  const emit = (s) => {
    parts.push(s);
    bytes += s.length;
  };
  const instr = (s) => {
    counts.instructions++;
    emit(s);
  };

  emit("# syntax=docker/dockerfile:1\n");
  emit("# Synthetic Dockerfile for the slimstage linear-cost bench.\n\n");
  instr("ARG GO_VERSION=1.22\n");
  instr("ARG APP_VERSION=0.0.0\n\n");

  // Stop one stage before the target would be passed; the final stage then closes the file.
  while (bytes < targetBytes) {
    const i = counts.stages++;
    const name = `s${i}`;
    const w = pick(WORDS);

    emit(`# ---- stage ${i}: ${w} ----\n`);
    if (i > 0 && rand() < 0.3) instr(`FROM s${int(0, i - 1)} AS ${name}\n`);
    else if (rand() < 0.2) instr(`FROM --platform=$BUILDPLATFORM ${pick(BASES)} AS ${name}\n`);
    else instr(`FROM ${pick(BASES)} AS ${name}\n`);

    instr(`ARG VERSION_${i}=1.${i}.${int(0, 9)}\n`);
    instr(`ENV APP_HOME=/opt/${name} PATH="/opt/${name}/bin:$PATH" MODE=release STAGE_ID=${i}\n`);
    instr(
      `LABEL org.opencontainers.image.title="${name}" \\\n` +
        `      org.opencontainers.image.version="\${VERSION_${i}}" \\\n` +
        `      com.example.${w}="stage ${i} ${w} layer"\n`,
    );
    counts.continuationLines += 2;
    instr(`WORKDIR /src/${name}\n`);
    if (i > 0) {
      const from = int(0, i - 1);
      instr(`COPY --from=s${from} --chown=1000:1000 /out/s${from}/ /deps/s${from}/\n`);
    }

    // A long shell-form RUN with a mount flag and a comment inside the continuation.
    const runLines = int(10, 60);
    let run = `RUN --mount=type=cache,target=/var/cache/${w},sharing=locked set -eux; \\\n`;
    for (let k = 0; k < runLines; k++) {
      if (k === runLines >> 1) run += `    # halfway through stage ${i}: comments inside continuations are dropped\n`;
      run += `    echo "stage ${i} step ${k}" && cp -r /src/${w}/a${k} /dst/${w}/b${k} && chmod 0644 /dst/${w}/b${k}; \\\n`;
    }
    run += "    true\n";
    counts.continuationLines += runLines + 1;
    instr(run);

    // A big heredoc script; every other stage uses the `<<-` form with a quoted delimiter and tab-indented body.
    const docLines = int(20, 200);
    const chomp = i % 2 === 1;
    let doc = chomp ? "RUN <<-'SCRIPT'\n" : "RUN <<EOF\n";
    if (!chomp) doc += "#!/bin/sh\nset -e\n";
    for (let k = 0; k < docLines; k++) {
      doc += `${chomp ? "\t" : ""}printf '%s\\n' "line ${k} of $APP_HOME" >> /out/${name}/log-${w}.txt\n`;
    }
    doc += chomp ? "\tSCRIPT\n" : "EOF\n";
    counts.heredocs++;
    counts.heredocLines += docLines + (chomp ? 0 : 2);
    instr(doc);

    if (i % 3 === 0) {
      // A second heredoc kind: an inline file written by COPY.
      let conf = `COPY <<CONF /etc/${name}.conf\n`;
      const confLines = int(5, 40);
      for (let k = 0; k < confLines; k++) conf += `key_${k} = value ${k} for ${w}\n`;
      conf += "CONF\n";
      counts.heredocs++;
      counts.heredocLines += confLines;
      instr(conf);
    }

    instr(`RUN ["sh", "-c", "echo done ${i} > /out/${name}/done"]\n`);
    emit("\n");
  }

  const last = counts.stages - 1;
  counts.stages++;
  instr("FROM scratch AS final\n");
  instr(`COPY --from=s${last} /out/ /out/\n`);
  instr('ENTRYPOINT ["/out/app"]\n');

  const text = parts.join("");
  return { text, bytes: text.length, ...counts };
}

/**
 * Generates a single-stage Python Dockerfile of at least `targetBytes` bytes that `convert` converts (a builder with
 * gcc and the MySQL headers, a final stage with the runtime library), for the analyze/convert linear-cost bench.
 * Each block adds what grows with real files: ENV and LABEL lines (a growing scope), COPY, a continued RUN, a
 * heredoc RUN and EXPOSE.
 * @param {number} targetBytes
 * @returns {{ text: string, bytes: number, blocks: number }}
 */
export function generateSingleStage(targetBytes) {
  const parts = [
    "FROM python:3.11\n",
    "WORKDIR /app\n",
    "RUN apt-get update \\\n    && apt-get install -y gcc default-libmysqlclient-dev pkg-config \\\n    && rm -rf /var/lib/apt/lists/*\n",
    "COPY requirements.txt .\n",
    "RUN pip install --no-cache-dir -r requirements.txt\n",
  ];
  let bytes = parts.reduce((n, p) => n + p.length, 0);
  let blocks = 0;
  while (bytes < targetBytes) {
    const i = blocks++;
    const block =
      `# part ${i}\n` +
      `ENV PART_${i}=/app/part${i} MODE_${i}=release\n` +
      `LABEL com.example.part${i}="part ${i}"\n` +
      `COPY src/part${i}/ /app/part${i}/\n` +
      `RUN mkdir -p /app/data${i} \\\n    && echo "part ${i}" > /app/data${i}/name \\\n    && chmod 0644 /app/data${i}/name\n` +
      `RUN <<EOF\nset -e\necho "heredoc ${i}" > /app/data${i}/doc\nEOF\n` +
      `EXPOSE ${8000 + (i % 1000)}\n`;
    parts.push(block);
    bytes += block.length;
  }
  parts.push('CMD ["python", "app.py"]\n');
  const text = parts.join("");
  return { text, bytes: text.length, blocks };
}
