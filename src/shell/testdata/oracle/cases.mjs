// Random expander inputs that hit the lexer's corners: nested ${…} with every operator, quotes, both escape
// tokens, glob patterns, special and positional parameters, heredoc markers, Unicode, truncated input.
// Shared by generate.mjs (golden file) and ad-hoc differential runs against the oracle.

/** Environments the cases run against; `env` in a case is an index into this list. */
export const ENVS = [
  {
    A: "a",
    AB: "ab",
    EMPTY: "",
    SP: " x  y\t",
    GLOB: "*/?",
    NL: "l1\nl2",
    DOL: "$0",
    BS: "a\\b",
    U: "한국어",
    STAR: "a*b*c",
    Q: "'\"",
    P: "/usr/local/bin:/usr/bin",
    1: "one",
    "@": "at",
  },
  { A: "", AB: "a/b/a/b", SP: "  ", GLOB: "\\*", "": "nameless", "#": "hash", URL: "http://x.y/z.tar.gz" },
];

const NAMES = [
  "A", "AB", "EMPTY", "SP", "GLOB", "NL", "DOL", "BS", "U", "STAR", "Q", "P", "URL", "UNSET", "X", "x", "A_1", "é",
];
/** Positional and special parameters, odd names. */
const ODD_NAMES = ["1", "01", "10", "٣", "@", "#", "?", "$", "0", "-", "!", "*", "", "a b"];
const OPS = ["", ":-", "-", ":+", "+", ":?", "?", "#", "##", "%", "%%", "/", "//"];
/** Operators BuildKit rejects (or reads oddly); drawn now and then. */
const BAD_OPS = [":", ":=", "=", ":#", ":%", "!", ".", " ", ":/", ":}"];
const ATOMS = [
  "a", "b", "x", "/", ".", "-", "_", "=", ":", "*", "**", "?", "#", "%", "+", "@", "!", "{", "}", " ", "  ", "\t",
  "\n", "\r", "é", "한", "٣", "\u00a0", "\u2003", "\ufeff", "<", "<<", "<< ", "<<-", ",", "0", "1", "9", "$", "\\",
  "`", "'", '"', "${", "$$", "\\}", "\\/", "\\*", "\\?", "\\\\", "`}", "\\$", "\\'", '\\"', "$0", "$1", "${0}",
];

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeCases(seed, count) {
  const rnd = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const chance = (p) => rnd() < p;
  const name = () => (chance(0.8) ? pick(NAMES) : pick(ODD_NAMES));

  function word(depth) {
    let out = "";
    const parts = 1 + Math.floor(rnd() * (depth === 0 ? 6 : 3));
    for (let i = 0; i < parts; i++) out += part(depth);
    return out;
  }

  function part(depth) {
    const r = rnd();
    if (r < 0.3) return pick(chance(0.7) ? ATOMS.slice(0, 42) : ATOMS);
    if (r < 0.45) return "$" + name() + (chance(0.3) ? pick(ATOMS) : "");
    if (depth < 3 && r < 0.8) {
      const op = chance(0.93) ? pick(OPS) : pick(BAD_OPS);
      let inner = op === "" ? "" : word(depth + 1);
      if (op === "/" || op === "//" || op === ":/") inner += (chance(0.85) ? "/" : "") + word(depth + 1);
      return "${" + name() + op + inner + (chance(0.97) ? "}" : "");
    }
    if (depth < 3 && r < 0.9) {
      const q = pick(["'", '"']);
      return q + word(depth + 1) + (chance(0.97) ? q : "");
    }
    return pick(["\\", "`"]) + pick(ATOMS);
  }

  const cases = [];
  for (let i = 0; i < count; i++) {
    const c = { word: word(0), env: chance(0.75) ? 0 : 1 };
    if (chance(0.25)) c.escapeToken = "`";
    if (chance(0.25)) c.skipUnsetEnv = true;
    if (chance(0.15)) c.skipProcessQuotes = true;
    if (chance(0.15)) c.rawQuotes = true;
    if (chance(0.15)) c.rawEscapes = true;
    cases.push(c);
  }
  return cases;
}
