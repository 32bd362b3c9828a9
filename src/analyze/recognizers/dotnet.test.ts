import { describe, expect, it } from "vitest";
import { factsOf, useShellParser } from "../test-support.js";
import { dotnet } from "./dotnet.js";

useShellParser();

describe("dotnet recogniser", () => {
  it("reads publish -c -o (docker/awesome-compose aspnet-mssql, CC0) and restore", () => {
    expect(factsOf(dotnet, 'dotnet publish "aspnetapp.csproj" -c Release -o /app/publish')[0]).toMatchObject({
      op: "publish",
      project: "aspnetapp.csproj",
      configuration: "Release",
      output: "/app/publish",
      outputs: ["/app/publish", "/root/.nuget/packages"],
    });
    expect(factsOf(dotnet, "dotnet restore -r linux-musl-x64")[0]).toMatchObject({ op: "restore", runtime: "linux-musl-x64", network: true });
    expect(factsOf(dotnet, "dotnet publish --no-restore -o out --self-contained true", { cwd: "/src" })[0]).toMatchObject({
      network: false,
      selfContained: true,
      outputs: ["/src/out"],
    });
  });
});
