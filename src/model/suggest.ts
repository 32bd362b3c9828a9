// "Did you mean …?" hints for misspelled names, as BuildKit gives them.

/** The closest candidate within a small edit distance, if any. */
export function suggestion(word: string, candidates: readonly string[], caseInsensitive = true): string | undefined {
  const w = caseInsensitive ? word.toLowerCase() : word;
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, caseInsensitive ? c.toLowerCase() : c);
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.min(2, Math.floor(w.length / 3)));
  return bestDist <= limit && bestDist > 0 ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}
