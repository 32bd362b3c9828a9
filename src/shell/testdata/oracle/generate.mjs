// Records BuildKit's answers for random inputs: node generate.mjs <oracle binary> <count> [seed] > golden.json
// The oracle is built by build-oracle.sh; see README.md.
import { spawnSync } from "node:child_process";
import { ENVS, makeCases } from "./cases.mjs";

const [oracle, countArg, seedArg] = process.argv.slice(2);
if (!oracle || !countArg) {
  console.error("usage: node generate.mjs <oracle binary> <count> [seed]");
  process.exit(2);
}
const seed = Number(seedArg ?? 1);
const cases = makeCases(seed, Number(countArg));
const requests = cases.map((c) => JSON.stringify({ ...c, env: ENVS[c.env] })).join("\n") + "\n";
const run = spawnSync(oracle, { input: requests, maxBuffer: 1 << 30, encoding: "utf8" });
if (run.status !== 0) {
  console.error(run.stderr);
  process.exit(1);
}
const answers = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
const lines = cases.map((c, i) => {
  const a = answers[i];
  const expect = a.error !== null ? { error: a.error } : { value: a.value, words: a.words };
  return JSON.stringify({ ...c, ...expect, matched: a.matched, unmatched: a.unmatched });
});
process.stdout.write(
  `{"seed": ${seed}, "envs": ${JSON.stringify(ENVS)},\n"cases": [\n${lines.join(",\n")}\n]}\n`,
);
