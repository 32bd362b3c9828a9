import { beforeAll, describe, expect, it } from "vitest";
import { analyzeDockerfileSync } from "../analyze/dockerfile.js";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertDockerfileSync } from "./convert.js";
import { cleansUpAfterItself, selfCleaningLean } from "./self-cleaning.js";
import { planSteps } from "./steps.js";

beforeAll(loadShellParser);
const plansOf = (text: string) => {
  const a = analyzeDockerfileSync(parseDockerfile(text));
  const st = a.stages[a.final]!;
  return planSteps(st, a.model.stages[st.index]!.steps);
};
const convert = (text: string) => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }));

const apk = `FROM python:3.11-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev \\\n && pip install --no-cache-dir psycopg2 \\\n && apk del .build-deps\nCMD ["python"]\n`;
const aptMark = `FROM debian:bookworm-slim
RUN set -eux; \\
    savedAptMark="$(apt-mark showmanual)"; \\
    apt-get update; \\
    apt-get install -y --no-install-recommends gcc libc6-dev make libevent-dev; \\
    make -C /src && make -C /src install; \\
    apt-mark auto '.*' > /dev/null; \\
    apt-mark manual $savedAptMark; \\
    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\
    rm -rf /var/lib/apt/lists/*
CMD ["memcached"]
`;

describe("RUNs that remove their own build dependencies", () => {
  it("knows the two ways a RUN cleans up after itself, and when it does not", () => {
    expect(cleansUpAfterItself(plansOf(apk)[0]!)).toBe("virtual");
    expect(cleansUpAfterItself(plansOf(aptMark)[0]!)).toBe("apt-mark");
    // the group deleted is not the one installed; the mark is made before the install
    expect(cleansUpAfterItself(plansOf(apk.replace("apk del .build-deps", "apk del .other"))[0]!)).toBeUndefined();
    expect(
      cleansUpAfterItself(
        plansOf(
          `FROM debian:bookworm-slim\nRUN apt-mark auto '.*' && apt-get update && apt-get install -y gcc && gcc -o /x /x.c && apt-get autoremove -y\nCMD ["/x"]\n`,
        )[0]!,
      ),
    ).toBeUndefined();
  });

  it("is nothing to gain, with the reason id, on a base that is not a toolchain image", () => {
    const r = convert(aptMark);
    expect(r.status).toBe("nothing-to-gain");
    if (r.status !== "nothing-to-gain") return;
    expect(r.reasonIds).toEqual(["self-cleaning-build-deps"]);
    expect(r.reasons[0]).toMatch(
      /^line 2: this RUN installs its build dependencies and removes them again \(apt-mark auto \+ purge --auto-remove\), and debian:bookworm-slim is not a toolchain image/,
    );
    expect(convert(apk).status).toBe("nothing-to-gain");
  });

  it("stays declined on a toolchain base, or when another RUN builds or keeps build tools", () => {
    expect(selfCleaningLean(plansOf(aptMark.replace("debian:bookworm-slim", "python:3.11")), true, "python:3.11")).toBeUndefined();
    expect(convert(aptMark.replace("debian:bookworm-slim", "python:3.11")).status).toBe("declined");
    const other = `${apk.replace('CMD ["python"]\n', "")}RUN apk add --no-cache gcc\nCMD ["python"]\n`;
    expect(selfCleaningLean(plansOf(other), false, "python:3.11-alpine")).toBeUndefined();
    expect(convert(other).status).not.toBe("nothing-to-gain");
  });
});
