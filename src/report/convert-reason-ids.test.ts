import { beforeAll, describe, expect, it } from "vitest";
import { convertDockerfileSync } from "../convert/convert.js";
import { loadShellParser } from "../shell/script.js";
import { parseDockerfile } from "../syntax/index.js";
import { convertToJSON } from "./convert.js";

beforeAll(loadShellParser);
const convert = (text: string) => convertDockerfileSync(parseDockerfile(text, { file: "Dockerfile" }));

describe("convert --format json", () => {
  it("carries the ids of nothing-to-gain reasons next to the reasons, and decline ids in the declines", () => {
    const selfCleaning = `FROM python:3.11-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir psycopg2 \\\n && apk del .build-deps\nCMD ["python"]\n`;
    expect(convertToJSON(convert(selfCleaning))).toMatchObject({ status: "nothing-to-gain", reasonIds: ["self-cleaning-build-deps"] });
    expect(convertToJSON(convert(`FROM python:3.11-slim\nCOPY app.py /\nCMD ["python", "/app.py"]\n`))).toMatchObject({
      status: "nothing-to-gain",
      reasonIds: ["nothing-built"],
    });
    const chain = convertToJSON(
      convert(
        `FROM python:3.11 AS base\nRUN pip install flask\nFROM base AS test\nRUN true\nFROM base\nRUN apt-get update && apt-get install -y gcc && gcc -o /x /x.c\nCMD ["/x"]\n`,
      ),
    ) as { declines: Array<{ id?: string }> };
    expect(chain.declines.map((d) => d.id)).toContain("stage-chain-used-elsewhere");
  });
});
