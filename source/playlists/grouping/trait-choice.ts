/**
 * Which traits each playlist of a set is named by, so that no two names say the same thing.
 *
 * A profile holds a playlist's median on each trait against the library's, in the library's spreads
 * (signed: negative is slower, calmer, darker, more major, shorter). A playlist starts with its two
 * strongest traits; a playlist with no strong trait is "Balanced" with its strongest lean. Two names clash
 * when one's traits are all among the other's (the same traits in another order included): a listener
 * could not tell from the names which playlist is which. A clash is settled by a trait on which the two
 * differ most: a lean of one that the other does not share. Two names with the same traits both take a
 * trait on which they lean opposite ways ("Dark" against "Bright") when there is one; a name whose traits
 * are all in another's takes one the other lacks. A name holds at most MAX_TRAITS traits; clashes that
 * no trait settles are left for the caller (main key, number), and `tied` says which.
 */

/** The traits a name can speak of, in the order its words appear. */
export const TRAIT_DIMENSIONS = ['tempo', 'energy', 'brightness', 'mode', 'length'] as const;
export type TraitDimension = (typeof TRAIT_DIMENSIONS)[number];

/** A playlist's median against the library's on each trait, in the library's spreads; NaN when unknown. */
export type TraitProfile = Readonly<Record<TraitDimension, number>>;

/** A trait stands out when the playlist's median is at least this many spreads from the library's. */
export const TRAIT_THRESHOLD = 0.5;
/** The least lean a name speaks of ("Slightly …"): for a playlist with no strong trait, or to tell two apart. */
export const WEAK_THRESHOLD = 0.2;
/** Two playlists tell apart on a trait when their medians are at least this far apart on it. */
const SEPARATION = 2 * WEAK_THRESHOLD;
/** Two traits name a playlist; a third only when it is needed to tell two playlists apart. */
export const MAX_TRAITS = 3;

/** The traits a playlist is named by: dimensions in TRAIT_DIMENSIONS order, and whether it is Balanced. */
export type TraitChoice = {
	dimensions: TraitDimension[];
	balanced: boolean;
	/** Its traits are still all among another name's (or the same): no trait told the two apart. */
	tied?: boolean;
};

const BALANCED_BIT = 1 << (2 * TRAIT_DIMENSIONS.length);

function lean(profile: TraitProfile, dimension: TraitDimension): number {
	const value = profile[dimension];
	return Number.isFinite(value) ? Math.abs(value) : 0;
}

function inOrder(dimensions: readonly TraitDimension[]): TraitDimension[] {
	return TRAIT_DIMENSIONS.filter(dimension => dimensions.includes(dimension));
}

/** The two strongest traits, or for a playlist with none that stands out, its strongest lean. */
export function baseChoice(profile: TraitProfile): TraitChoice {
	const byStrength = TRAIT_DIMENSIONS.filter(dimension => lean(profile, dimension) >= WEAK_THRESHOLD).sort(
		(a, b) => lean(profile, b) - lean(profile, a) || TRAIT_DIMENSIONS.indexOf(a) - TRAIT_DIMENSIONS.indexOf(b),
	);
	const strong = byStrength.filter(dimension => lean(profile, dimension) >= TRAIT_THRESHOLD);
	if (strong.length > 0) return {dimensions: inOrder(strong.slice(0, 2)), balanced: false};
	return {dimensions: byStrength.slice(0, 1), balanced: true};
}

/** One bit per trait and direction (plus one for Balanced), so that clashes are bit tests. */
function traitBits(profile: TraitProfile, choice: TraitChoice): number {
	let bits = choice.balanced ? BALANCED_BIT : 0;
	for (const dimension of choice.dimensions) bits |= 1 << (2 * TRAIT_DIMENSIONS.indexOf(dimension) + (profile[dimension] > 0 ? 1 : 0));
	return bits;
}

/** Whether one name's traits are all among the other's. */
function clashes(a: number, b: number): boolean {
	return (a & b) === a || (a & b) === b;
}

/**
 * The traits `from` can take to tell it from `other`: ones it does not name yet, on which it leans and
 * `other` does not lean the same way, with medians far enough apart; the farthest apart first.
 */
function separatingTraits(from: TraitProfile, fromChoice: TraitChoice, other: TraitProfile): TraitDimension[] {
	const gap = (dimension: TraitDimension) => Math.abs(from[dimension] - other[dimension]);
	return TRAIT_DIMENSIONS.filter(dimension => {
		if (fromChoice.dimensions.includes(dimension) || lean(from, dimension) < WEAK_THRESHOLD || !Number.isFinite(other[dimension])) return false;
		const sameWay = Math.sign(from[dimension]) * other[dimension];
		return sameWay < WEAK_THRESHOLD && gap(dimension) >= SEPARATION;
	}).sort((a, b) => gap(b) - gap(a) || TRAIT_DIMENSIONS.indexOf(a) - TRAIT_DIMENSIONS.indexOf(b));
}

function withTrait(choice: TraitChoice, dimension: TraitDimension): TraitChoice {
	return {dimensions: inOrder([...choice.dimensions, dimension]), balanced: choice.balanced};
}

/**
 * The traits each playlist is named by. Every pair of names is settled when it can be (see the top of
 * this file); pairs that cannot be settled within MAX_TRAITS are marked `tied`.
 */
export function chooseTraits(profiles: readonly TraitProfile[]): TraitChoice[] {
	const choices = profiles.map(profile => baseChoice(profile));
	const bits = choices.map((choice, index) => traitBits(profiles[index]!, choice));
	// Pairs given up on, with the traits they had then: a pair is tried again once either name has changed.
	const unsettled = new Map<number, number>();
	const n = profiles.length;
	const take = (index: number, dimension: TraitDimension) => {
		choices[index] = withTrait(choices[index]!, dimension);
		bits[index] = traitBits(profiles[index]!, choices[index]!);
	};
	// Taking a trait can make a new clash with a name already passed, hence the rounds; each change adds a
	// trait (at most MAX_TRAITS per name) or gives up on a pair, so the rounds end.
	for (let changed = true; changed;) {
		changed = false;
		for (let i = 0; i < n; i++) {
			for (let j = i + 1; j < n; j++) {
				const state = bits[i]! * (BALANCED_BIT << 1) + bits[j]!;
				if (!clashes(bits[i]!, bits[j]!) || unsettled.get(i * n + j) === state) continue;
				if (settle(i, j)) changed = true;
				else unsettled.set(i * n + j, state);
			}
		}
	}
	// The name within another is the one a listener cannot place; the same traits leave both.
	const within = (a: number, b: number) => (bits[a]! & bits[b]!) === bits[a];
	for (let i = 0; i < n; i++) {
		for (let j = i + 1; j < n; j++) {
			if (within(i, j)) choices[i] = {...choices[i]!, tied: true};
			if (within(j, i)) choices[j] = {...choices[j]!, tied: true};
		}
	}
	return choices;

	/** Whether giving these names these traits makes a clash with a name outside them. */
	function clashesElsewhere(changes: ReadonlyArray<readonly [number, TraitDimension]>): boolean {
		const next = changes.map(([index, dimension]) => traitBits(profiles[index]!, withTrait(choices[index]!, dimension)));
		return bits.some((other, k) => !changes.some(([index]) => index === k) && next.some(mine => clashes(mine, other)));
	}

	/** The first candidate that makes no new clash, else the first. */
	function pick(candidates: readonly TraitDimension[], indices: readonly number[]): TraitDimension | undefined {
		return candidates.find(dimension => !clashesElsewhere(indices.map(index => [index, dimension] as const))) ?? candidates[0];
	}

	function settle(i: number, j: number): boolean {
		const fromI = choices[i]!.dimensions.length < MAX_TRAITS ? separatingTraits(profiles[i]!, choices[i]!, profiles[j]!) : [];
		const fromJ = choices[j]!.dimensions.length < MAX_TRAITS ? separatingTraits(profiles[j]!, choices[j]!, profiles[i]!) : [];
		if (bits[i] === bits[j]) {
			// Best: both take the trait on which they lean opposite ways ("Dark" against "Bright").
			const both = pick(
				fromI.filter(dimension => fromJ.includes(dimension)),
				[i, j],
			);
			if (both) {
				take(i, both);
				take(j, both);
				return true;
			}
			// Else the one that differs most takes its trait; the other is then within it, and takes one of its own.
			const [index, dimension] = [[i, pick(fromI, [i])] as const, [j, pick(fromJ, [j])] as const]
				.filter((entry): entry is readonly [number, TraitDimension] => entry[1] !== undefined)
				.sort((a, b) => gapOf(b) - gapOf(a))[0] ?? [-1, undefined];
			if (dimension === undefined) return false;
			take(index, dimension);
			return true;
		}
		// The name whose traits are all in the other's takes one the other does not have.
		const smaller = (bits[i]! & bits[j]!) === bits[i] ? i : j;
		const dimension = pick(smaller === i ? fromI : fromJ, [smaller]);
		if (!dimension) return false;
		take(smaller, dimension);
		return true;

		function gapOf([index, dimension]: readonly [number, TraitDimension]): number {
			const other = index === i ? j : i;
			return Math.abs(profiles[index]![dimension] - profiles[other]![dimension]);
		}
	}
}
