import { describe, expect, it } from "vitest";
import { DockerfileError } from "../errors.js";
import { parseDockerfile } from "../syntax/index.js";
import { type Instruction, parseGoDuration, toInstruction } from "./instructions.js";
import { csvFields, parseMount } from "./mounts.js";

const one = (text: string): Instruction => toInstruction(parseDockerfile(text).instructions[0]!, "Dockerfile");
const fails = (text: string): DockerfileError => {
  try {
    one(text);
  } catch (e) {
    if (e instanceof DockerfileError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
};

describe("FROM", () => {
  it("lower-cases and checks stage names", () => {
    expect(one("FROM golang:1.22 AS Build\n")).toMatchObject({ kind: "FROM", image: "golang:1.22", stageName: "build", stageNameRaw: "Build" });
    expect(one("FROM --platform=linux/arm64 x\n")).toMatchObject({ platform: "linux/arm64", stageName: undefined });
    expect(fails("FROM x AS 1st\n").reason).toMatch(/invalid name for build stage: "1st"/);
    expect(fails("FROM x y\n").reason).toBe("FROM requires either one or three arguments");
    expect(fails("FROM\n").reason).toBe("FROM requires either one or three arguments");
  });
});

describe("flags", () => {
  it("rejects unknown flags with a suggestion, at the flag", () => {
    const e = fails("COPY --form=build /a /b\n");
    expect(e.reason).toBe("unknown flag: --form (did you mean from?)");
    expect(e.range?.start.column).toBe(6);
  });

  it("rejects duplicates and bad booleans, and requires string values", () => {
    expect(fails("COPY --from=a --from=b /a /b\n").reason).toBe("duplicate flag specified: --from");
    expect(fails("COPY --link=maybe /a /b\n").reason).toBe("expecting boolean value for flag --link, not: maybe");
    expect(fails("COPY --chown /a /b\n").reason).toBe("missing a value on flag: --chown");
    expect(fails("CMD --doit echo\n").reason).toMatch(/^unknown flag: --doit/);
  });

  it("reads every COPY and ADD option", () => {
    expect(one("COPY --from=b --chown=1:2 --chmod=0755 --link --parents --exclude=*.md --exclude=*.txt a b /dst/\n")).toMatchObject({
      kind: "COPY",
      from: "b",
      chown: "1:2",
      chmod: "0755",
      link: true,
      parents: true,
      exclude: ["*.md", "*.txt"],
      sources: ["a", "b"],
      dest: "/dst/",
    });
    expect(one("ADD --checksum=sha256:abc --keep-git-dir=true --unpack=false --link=false https://x/y.tgz /z\n")).toMatchObject({
      kind: "ADD",
      checksum: "sha256:abc",
      keepGitDir: true,
      unpack: false,
      link: false,
    });
  });

  it("takes heredoc sources as inline contents", () => {
    expect(one("COPY <<-EOF /etc/motd\n\thello\nEOF\n")).toMatchObject({
      sources: [],
      contents: [{ path: "EOF", data: "hello\n", expand: true }],
      dest: "/etc/motd",
    });
    expect(fails("COPY a <<EOF\nx\nEOF\n").reason).toBe("COPY cannot accept a heredoc as a destination");
  });
});

describe("RUN", () => {
  it("keeps form, mounts, network, security and devices", () => {
    expect(
      one("RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=t --network=none --security=insecure --device=nvidia.com/gpu=all make\n"),
    ).toMatchObject({
      kind: "RUN",
      shell: true,
      cmdLine: ["make"],
      network: "none",
      security: "insecure",
      devices: ["nvidia.com/gpu=all"],
      mounts: ["type=cache,target=/root/.cache", "type=secret,id=t"],
    });
    expect(one('RUN ["make", "all"]\n')).toMatchObject({ shell: false, cmdLine: ["make", "all"] });
    expect(fails("RUN --network=bridge x\n").reason).toBe('invalid network mode "bridge"');
    expect(fails("RUN --security=root x\n").reason).toBe('security "root" is not valid');
  });

  it("parses mounts like BuildKit", () => {
    expect(parseMount("type=cache,target=/var/cache/apt,sharing=locked")).toEqual({
      type: "cache",
      target: "/var/cache/apt",
      sharing: "locked",
      readOnly: false,
    });
    expect(parseMount("type=bind,from=build,source=/out,target=/mnt")).toEqual({ type: "bind", from: "build", source: "/out", target: "/mnt", readOnly: true });
    expect(parseMount("type=bind,rw,target=/x")).toMatchObject({ readOnly: false });
    expect(parseMount("type=secret,id=npmrc,target=/root/.npmrc,required,mode=0400,uid=1000")).toMatchObject({ required: true, mode: 0o400, uid: 1000 });
    expect(parseMount("type=ssh,required=false")).toMatchObject({ type: "ssh", required: false });
    expect(parseMount("type=tmpfs,target=/tmp,size=64m")).toMatchObject({ size: 64 * 1024 * 1024, readOnly: false });
    expect(parseMount("target=/c,id=$ID", (w) => w.replace("$ID", "pip"))).toMatchObject({ id: "pip" });
    expect(() => parseMount("type=volume")).toThrow('unsupported mount type "volume"');
    expect(() => parseMount("type=cache,sharing=exclusive")).toThrow('unsupported sharing value "exclusive"');
    expect(() => parseMount("type=bind,mode=0644")).toThrow('mode not allowed for "bind" type mounts');
    expect(() => parseMount("type=bind,from=$STAGE")).toThrow("'from' doesn't support variable expansion");
    expect(() => parseMount("type=secret")).toThrow("invalid secret mount. one of source, target required");
    expect(() => parseMount("type=cache,taget=/x")).toThrow("unexpected key 'taget' in 'taget=/x' (did you mean target?)");
    expect(() => parseMount("type=cache,size=1m")).toThrow("unexpected key 'size' for mount type 'cache'");
  });

  it("splits mount CSV with quotes", () => {
    expect(csvFields('type=bind,"source=a,b",target=/x')).toEqual(["type=bind", "source=a,b", "target=/x"]);
    expect(csvFields('"a=x""y"')).toEqual(['a=x"y']);
    expect(() => csvFields('a="x"')).toThrow('bare " in non-quoted field');
  });

  it("reports a bad mount at the mount flag through the model", async () => {
    const { buildModel } = await import("./stages.js");
    try {
      buildModel(parseDockerfile("FROM x\nRUN --mount=type=volume,target=/x true\n", { file: "Dockerfile" }));
      expect.unreachable();
    } catch (e) {
      expect((e as DockerfileError).message).toBe('Dockerfile:2:5: unsupported mount type "volume"');
    }
  });
});

describe("key-value instructions", () => {
  it("gives ENV/LABEL pairs in both forms and ARG definitions", () => {
    expect(one("ENV A=1 B=2\n")).toMatchObject({
      pairs: [
        { key: "A", value: "1", legacy: false },
        { key: "B", value: "2", legacy: false },
      ],
    });
    expect(one("ENV A 1 2\n")).toMatchObject({ pairs: [{ key: "A", value: "1 2", legacy: true }] });
    expect(one("ARG A B=2 C=\n")).toMatchObject({
      args: [
        { key: "A", value: undefined },
        { key: "B", value: "2" },
        { key: "C", value: "" },
      ],
    });
    expect(fails("ARG\n").reason).toBe("ARG requires at least one argument");
    expect(fails("ARG =x\n").reason).toBe("ARG names can not be blank");
    expect(fails("ENV =x\n").reason).toBe("ENV names can not be blank");
  });
});

describe("argument counts", () => {
  it.each([
    ["COPY a\n", "COPY requires at least two arguments, but only one was provided. Destination could not be determined"],
    ["WORKDIR\n", "WORKDIR requires exactly one argument"],
    ["USER\n", "USER requires exactly one argument"],
    ["EXPOSE\n", "EXPOSE requires at least one argument"],
    ["VOLUME\n", "VOLUME requires at least one argument"],
    ['VOLUME [""]\n', "VOLUME specified can not be an empty string"],
    ["STOPSIGNAL\n", "STOPSIGNAL requires exactly one argument"],
    ["SHELL []\n", "SHELL requires at least one argument"],
    ["SHELL /bin/bash -c\n", "SHELL requires the arguments to be in JSON form"],
  ])("%j is rejected", (text, reason) => {
    expect(fails(text).reason).toBe(reason);
  });

  it("sorts EXPOSE ports like BuildKit", () => {
    expect(one("EXPOSE 8080 443/tcp 53/udp\n")).toMatchObject({ ports: ["443/tcp", "53/udp", "8080"] });
  });
});

describe("HEALTHCHECK", () => {
  it("reads options and both forms", () => {
    expect(one("HEALTHCHECK --interval=30s --timeout=1m30s --start-period=500ms --retries=3 CMD curl -f http://localhost/\n")).toMatchObject({
      test: { type: "CMD", shell: true, cmdLine: ["curl -f http://localhost/"], interval: 30_000, timeout: 90_000, startPeriod: 500, retries: 3 },
    });
    expect(one('HEALTHCHECK CMD ["/check", "--quiet"]\n')).toMatchObject({ test: { shell: false, cmdLine: ["/check", "--quiet"] } });
    expect(one("HEALTHCHECK NONE\n")).toMatchObject({ test: { type: "NONE" } });
  });

  it("rejects what BuildKit rejects", () => {
    expect(fails("HEALTHCHECK NONE x\n").reason).toBe("HEALTHCHECK NONE takes no arguments");
    expect(fails("HEALTHCHECK CMD\n").reason).toBe("Missing command after HEALTHCHECK CMD");
    expect(fails("HEALTHCHECK PING x\n").reason).toBe('Unknown type "PING" in HEALTHCHECK (try CMD)');
    expect(fails("HEALTHCHECK --retries=-1 CMD x\n").reason).toBe("--retries cannot be negative (-1)");
    expect(fails("HEALTHCHECK --interval=1us CMD x\n").reason).toBe('Interval "interval" cannot be less than 1ms');
    expect(fails("HEALTHCHECK --interval=soon CMD x\n").reason).toMatch(/invalid duration/);
  });

  it("parses Go durations", () => {
    expect(parseGoDuration("1h2m3.5s")).toBe(3_723_500);
    expect(parseGoDuration("0")).toBe(0);
    expect(parseGoDuration("10")).toBeUndefined();
  });
});

describe("ONBUILD and unknown instructions", () => {
  it("types the trigger", () => {
    expect(one("ONBUILD RUN make\n")).toMatchObject({ kind: "ONBUILD", expression: "RUN make", trigger: { kind: "RUN", cmdLine: ["make"] } });
    expect(fails("ONBUILD ONBUILD RUN x\n").reason).toBe("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    expect(fails("ONBUILD FROM x\n").reason).toBe("FROM isn't allowed as an ONBUILD trigger");
  });

  it("rejects unknown instructions with a suggestion", () => {
    expect(fails("RUNN make\n").reason).toBe("unknown instruction: RUNN (did you mean run?)");
    expect(fails("FOO bar\n").reason).toBe("unknown instruction: FOO");
  });
});
