// .NET: the output directory of `dotnet publish -o DIR`, copied into the final stage on the ASP.NET/runtime image.
import type { Fact } from "../../analyze/facts.js";
import { binaryArtifact, empty, type FactAt, factsOf, lastOf } from "./shared.js";
import type { EcosystemInput, EcosystemPlan, EcosystemStrategy } from "./types.js";

export const dotnet: EcosystemStrategy<"dotnet"> = {
  id: "dotnet",
  factKinds: ["dotnet"],
  languages: ["dotnet"],
  compiled: true,
  interpreted: false,
  cachesAreGain: true,
  needsLibc: () => true,
  plan: (input) => planDotnet(input),
};

function planDotnet(input: EcosystemInput): EcosystemPlan {
  const plan = empty("dotnet");
  const publish = factsOf(input).filter((f): f is FactAt & { fact: Extract<Fact, { kind: "dotnet" }> } => f.fact.kind === "dotnet" && f.fact.op === "publish");
  const last = lastOf(publish);
  if (!last || !last.fact.output) {
    plan.declines.push({
      lines: last ? [last.line] : [],
      id: "dotnet-no-publish-output",
      reason: "no `dotnet publish -o DIR` step found",
      hint: "publish with an explicit output directory: `dotnet publish -c Release -o /app/publish`",
    });
    return plan;
  }
  const out = last.fact.outputs[0] ?? last.fact.output;
  binaryArtifact(plan, out, last, "the published app");
  return plan;
}
