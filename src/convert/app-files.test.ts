// Files a builder-only RUN changes in the app's own directories reach the final stage from the builder.
import { beforeAll, describe, expect, it } from "vitest";
import { loadShellParser, parseScript } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { isOwnedDir, writtenFiles } from "./app-files.js";
import { convertDockerfileSync } from "./convert.js";
import type { ConvertResult } from "./types.js";

beforeAll(loadShellParser);
const convert = (text: string): ConvertResult => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }), {});
const converted = (text: string) => {
  const r = convert(text);
  if (r.status !== "converted") throw new Error(`expected a conversion, got ${r.status}: ${JSON.stringify(r.status === "declined" ? r.declines : r.reasons)}`);
  return r;
};
const finalStage = (dockerfile: string) => {
  const nodes = parseDockerfile(dockerfile).instructions;
  const at = nodes.map((n) => n.name).lastIndexOf("from");
  return nodes.slice(at).map((n) => n.original.trim());
};

describe("changes a build RUN makes to the app's files", () => {
  it("takes each changed path from the builder when the changes name their paths (chmod, mkdir, sed -i, touch, >)", () => {
    const r = converted(
      'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app . && chmod +x run.sh && mkdir -p var/data && sed -i "s/a/b/" conf/app.ini && touch .ready && echo ok > status.txt\nENTRYPOINT ["./run.sh"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final).toContain("COPY . .");
    for (const p of ["/src/run.sh", "/src/var/data", "/src/conf/app.ini", "/src/.ready", "/src/status.txt"])
      expect(final).toContain(`COPY --from=builder ${p} ${p}`);
    expect(r.decisions.some((d) => d.kind === "artifact" && /the build changes \/src\/run\.sh.*keeping modes and owners/.test(d.message))).toBe(true);
  });

  it("takes the whole app directory from the builder for a program it does not know, run in it, and drops the context copies", () => {
    const r = converted(
      'FROM python:3.11\nWORKDIR /srv/app\nCOPY requirements.txt ./\nCOPY . .\nRUN pip install -r requirements.txt && python manage.py compilemessages\nCMD ["gunicorn", "app:app"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final).toContain("COPY --from=builder /srv/app /srv/app");
    expect(final.filter((l) => l.startsWith("COPY") && !l.includes("--from"))).toEqual([]);
    // after the virtualenv, before CMD
    expect(final.indexOf("COPY --from=builder /srv/app /srv/app")).toBeGreaterThan(final.indexOf("COPY --from=builder /opt/venv /opt/venv"));
  });

  it("takes the whole directory for removals and moves (a copy from the context would bring the file back)", () => {
    const r = converted(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && rm -f config.example && mv settings.prod.py settings.py\nCMD ["python", "main.py"]\n',
    );
    expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /app /app");
    expect(finalStage(r.dockerfile)).not.toContain("COPY . .");
  });

  it("never copies a compiled app's source tree whole (its build output lives there); named paths still come over", () => {
    const r = converted(
      'FROM rust:1.63\nWORKDIR /usr/src/app\nCOPY . .\nRUN cargo build --release && strip target/release/app && rm -rf target/debug && mv target/release/app ./app && chmod +x run.sh\nCMD ["./run.sh"]\n',
    );
    const copies = finalStage(r.dockerfile).filter((l) => l.startsWith("COPY --from=builder"));
    expect(copies).toContain("COPY --from=builder /usr/src/app/run.sh /usr/src/app/run.sh");
    expect(copies).toContain("COPY --from=builder /usr/src/app/app /usr/src/app/app");
    expect(copies).not.toContain("COPY --from=builder /usr/src/app /usr/src/app");
    // the program it does not know is still flagged
    expect(r.decisions.some((d) => d.kind === "warning" && /strip target\/release\/app/.test(d.message))).toBe(true);
  });

  it("keeps a COPY into the directory that comes after the change, after the builder's copy", () => {
    const r = converted(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && python gen.py\nCOPY settings.py /app/settings.py\nCMD ["python", "main.py"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final.indexOf("COPY settings.py /app/settings.py")).toBeGreaterThan(final.indexOf("COPY --from=builder /app /app"));
  });

  it("takes single files put into system directories, and never copies a system directory whole", () => {
    const r = converted(
      'FROM golang:1.19\nCOPY entrypoint.sh /usr/local/bin/\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app . && chmod +x /usr/local/bin/entrypoint.sh\nENTRYPOINT ["entrypoint.sh"]\n',
    );
    expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /usr/local/bin/entrypoint.sh /usr/local/bin/entrypoint.sh");
    const d = convert(
      'FROM python:3.11\nCOPY scripts/ /usr/local/bin/\nWORKDIR /src\nCOPY . .\nRUN pip install -r requirements.txt && rm /usr/local/bin/old.sh\nCMD ["app"]\n',
    );
    expect(d.status).toBe("declined");
    if (d.status === "declined")
      expect(d.declines[0]!.reason).toMatch(
        /^line 5: `rm \/usr\/local\/bin\/old\.sh` changes files in \/usr\/local\/bin, where the base image has files of its own/,
      );
  });

  it("takes the whole directory when the change is to the directory itself or above it (chown -R), once", () => {
    for (const run of ["chown -R 1000:1000 /app", "chown -R 1000:1000 .", "chmod -R g+w /"]) {
      const r = converted(`FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && ${run}\nCMD ["python", "main.py"]\n`);
      const final = finalStage(r.dockerfile);
      expect(final.filter((l) => l.startsWith("COPY"))).toEqual(["COPY --from=builder /opt/venv /opt/venv", "COPY --from=builder /app /app"]);
    }
  });

  it("reports, and does not carry, a whole-directory change to a compiled app's sources", () => {
    const r = converted('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN go build -o /usr/local/bin/app . && chown -R 1000 /src\nCMD ["app"]\n');
    expect(finalStage(r.dockerfile).filter((l) => l.startsWith("COPY --from"))).toEqual(["COPY --from=builder /usr/local/bin/app /usr/local/bin/app"]);
    expect(
      r.decisions.some((d) => d.kind === "warning" && /^line 4: `chown -R 1000 \/src` changes the sources in \/src, .* not carried over/.test(d.message)),
    ).toBe(true);
  });

  it("makes a copied directory's own mode and owner again (COPY --from makes the directory itself anew)", () => {
    const r = converted(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && chown -R 1000:1000 data && mkdir -m 0700 cache && chown 1001 cache\nCMD ["python", "main.py"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final.slice(final.indexOf("COPY --from=builder /app/data /app/data"))[1]).toBe("RUN chown 1000:1000 /app/data");
    expect(final.slice(final.indexOf("COPY --from=builder /app/cache /app/cache"))[1]).toBe("RUN chmod 0700 /app/cache && chown 1001 /app/cache");
    const whole = converted(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN useradd -r app && pip install -r requirements.txt && chown -R app:app /app\nUSER app\nCMD ["python", "main.py"]\n',
    );
    const f = finalStage(whole.dockerfile);
    expect(f.indexOf("RUN useradd -r app")).toBeLessThan(f.indexOf("COPY --from=builder /app /app"));
    expect(f.slice(f.indexOf("COPY --from=builder /app /app"))[1]).toBe("RUN chown app:app /app");
  });

  it("takes a directory a Python build RUN makes outside the app's, with its owner made again", () => {
    const r = converted(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt && mkdir -p /var/log/myapp && chown 1000 /var/log/myapp\nCMD ["python", "main.py"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final.slice(final.indexOf("COPY --from=builder /var/log/myapp /var/log/myapp"))[1]).toBe("RUN chown 1000 /var/log/myapp");
    expect(r.decisions.some((d) => /the build makes the directory \/var\/log\/myapp; the final stage takes it from the builder/.test(d.message))).toBe(true);
  });

  it("does not copy what the build removes again later (a compiled app's temporary directory)", () => {
    const r = converted(
      'FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN mkdir -p gen && go build -o /usr/local/bin/app . && rm -rf gen && chmod +x run.sh\nCMD ["./run.sh"]\n',
    );
    const copies = finalStage(r.dockerfile).filter((l) => l.startsWith("COPY --from"));
    expect(copies).toEqual(["COPY --from=builder /usr/local/bin/app /usr/local/bin/app", "COPY --from=builder /src/run.sh /src/run.sh"]);
    // made again after the removal: copied
    const again = converted('FROM golang:1.19\nWORKDIR /src\nCOPY . .\nRUN rm -rf data && mkdir data && go build -o /usr/local/bin/app .\nCMD ["app"]\n');
    expect(finalStage(again.dockerfile)).toContain("COPY --from=builder /src/data /src/data");
  });

  it("copies a globbed change as a wildcard into its directory", () => {
    const r = converted('FROM golang:1.19\nWORKDIR /app\nCOPY . .\nRUN go build -o server . && chmod +x bin/*.sh\nCMD ["./server"]\n');
    expect(finalStage(r.dockerfile)).toContain("COPY --from=builder /app/bin/*.sh /app/bin/");
  });

  it("leaves alone changes under directories the plan already carries (Node's app dir), temp dirs and files outside the app", () => {
    const r = converted(
      'FROM node:18\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build && chmod +x bin/cli.js && mkdir -p /tmp/x\nCMD ["node", "bin/cli.js"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final.filter((l) => l.startsWith("COPY --from=builder"))).toEqual(["COPY --from=builder /app /app"]);
  });

  it("does not touch files changed before they were copied in, or by RUNs that run in the final stage too", () => {
    const r = converted(
      'FROM python:3.11\nWORKDIR /app\nRUN mkdir -p /app/static\nCOPY . .\nRUN pip install -r requirements.txt\nRUN chmod +x run.sh\nCMD ["./run.sh"]\n',
    );
    const final = finalStage(r.dockerfile);
    expect(final.filter((l) => l.startsWith("COPY --from=builder"))).toEqual(["COPY --from=builder /opt/venv /opt/venv"]);
    expect(final).toContain("RUN chmod +x run.sh");
  });

  it("declines when a RUN in both stages works on the directory before the builder's copy would arrive", () => {
    const d = convert(
      'FROM python:3.11\nWORKDIR /app\nCOPY . .\nRUN ./prepare.sh\nRUN pip install -r requirements.txt && python gen.py\nCMD ["python", "main.py"]\n',
    );
    expect(d.status).toBe("declined");
    if (d.status === "declined")
      expect(d.declines.map((x) => x.reason).join("\n")).toMatch(
        /line 4 works on \/app, which the final stage takes from the builder only after line 5 changed it/,
      );
  });

  it("names the files sed -i, touch, tee and redirections write", () => {
    const cmds = parseScript(
      "sed -i -e 's/a/b/' -e 's/c/d/' a.conf b.conf; sed -i.bak 's/x/y/' c.conf; touch -d now t; tee -a log.txt; cat x > out.txt 2>/dev/null; sed 's/x/y/' in > out2",
    ).commands;
    expect(cmds.map(writtenFiles)).toEqual([["a.conf", "b.conf"], ["c.conf"], ["t"], ["log.txt"], ["out.txt"], ["out2"]]);
  });

  it("knows which directories the app owns", () => {
    for (const d of ["/app", "/srv/notes", "/opt/wordfreq", "/usr/src/app", "/go/src/tally", "/home/app/site", "/var/www/html"])
      expect(isOwnedDir(d)).toBe(true);
    for (const d of ["/", "/usr/local/bin", "/etc/nginx", "/opt", "/usr/local", "/var/lib/app", "/tmp/build", "/root"]) expect(isOwnedDir(d)).toBe(false);
  });
});
