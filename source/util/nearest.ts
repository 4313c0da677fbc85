/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
	const previous = Array.from({length: b.length + 1}, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = previous[0]!;
		previous[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const above = previous[j]!;
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost);
			diagonal = above;
		}
	}
	return previous[b.length]!;
}

/** The candidate closest to `word`, if it is close enough to be a plausible typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
	const list = [...candidates];
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	const lower = word.toLowerCase();
	for (const candidate of list) {
		const distance = editDistance(lower, candidate.toLowerCase());
		if (distance < bestDistance) {
			best = candidate;
			bestDistance = distance;
		}
	}
	const tolerance = Math.max(2, Math.floor(word.length / 3));
	if (bestDistance <= tolerance) return best;
	// A shortened name ("memoryLimit" for "memoryLimitPercent") is far in edits but plain to a reader.
	if (lower.length < 4) return undefined;
	const extended = list.filter(candidate => candidate.toLowerCase().startsWith(lower));
	return extended.sort((a, b) => a.length - b.length)[0];
}
