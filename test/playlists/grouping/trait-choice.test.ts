import test from 'ava';
import {createRng} from '../../../source/playlists/random.js';
import {traitName, uniqueNames} from '../../../source/playlists/grouping/naming.js';
import {
	baseChoice,
	chooseTraits,
	MAX_TRAITS,
	TRAIT_DIMENSIONS,
	TRAIT_THRESHOLD,
	type TraitChoice,
	type TraitDimension,
	type TraitProfile,
} from '../../../source/playlists/grouping/trait-choice.js';

const profile = (values: Partial<Record<TraitDimension, number>>): TraitProfile => ({tempo: 0, energy: 0, brightness: 0, mode: 0, length: 0, ...values});

/** The traits a name states, e.g. "tempo-" for Slower; "Balanced" counts as one. */
function stated(p: TraitProfile, choice: TraitChoice): Set<string> {
	const traits = new Set(choice.dimensions.map(dimension => `${dimension}${p[dimension] > 0 ? '+' : '-'}`));
	if (choice.balanced) traits.add('balanced');
	return traits;
}

const within = (a: Set<string>, b: Set<string>) => [...a].every(trait => b.has(trait));
const clash = (a: Set<string>, b: Set<string>) => within(a, b) || within(b, a);

function names(profiles: TraitProfile[]): string[] {
	const choices = chooseTraits(profiles);
	return uniqueNames(profiles.map((p, index) => ({name: traitName(p, choices[index]!)})));
}

/**
 * Whether a trait could still tell `p` from `other`: one `p` does not name, on which it leans by at least
 * 0.2 spreads, `other` does not lean that way as much, and the two are 0.4 spreads apart.
 */
function separable(p: TraitProfile, choice: TraitChoice, other: TraitProfile): boolean {
	return TRAIT_DIMENSIONS.some(
		dimension =>
			!choice.dimensions.includes(dimension) &&
			Math.abs(p[dimension]) >= 0.2 &&
			Math.sign(p[dimension]) * other[dimension] < 0.2 &&
			Math.abs(p[dimension] - other[dimension]) >= 0.4,
	);
}

/** Random profiles: each trait normal around the library (spread 1), a few unknown, some playlists close to each other. */
function randomProfiles(rng: ReturnType<typeof createRng>, count: number): TraitProfile[] {
	const profiles: TraitProfile[] = [];
	for (let i = 0; i < count; i++) {
		const near = i > 0 && rng.next() < 0.3 ? profiles[rng.int(i)] : undefined;
		const values = {} as Record<TraitDimension, number>;
		for (const dimension of TRAIT_DIMENSIONS) {
			const value = near ? near[dimension] + 0.3 * rng.normal() : rng.normal();
			values[dimension] = rng.next() < 0.05 ? Number.NaN : value;
		}
		profiles.push(values);
	}
	return profiles;
}

test('the library case: two slow, short playlists no longer read as one name reordered or extended', t => {
	// Medians from a real soundtrack library: "Energetic · Slower" sat beside "Slower · Short · Energetic".
	const profiles = [
		profile({tempo: -1.41, length: -0.86, energy: 0.53, brightness: 0.21, mode: 0.12}),
		profile({tempo: -0.64, length: -0.58, brightness: -0.47, mode: 0.22, energy: 0.04}),
		profile({energy: 1.23, tempo: -0.57, length: -0.29, brightness: -0.12, mode: 0.07}),
	];
	t.deepEqual(names(profiles), ['Slower · Slightly Bright · Short', 'Slower · Slightly Dark · Short', 'Slower · Energetic']);
});

test('words come in one fixed order whatever their strength', t => {
	t.is(names([profile({energy: 1.2, tempo: -0.6})])[0], 'Slower · Energetic');
	t.is(names([profile({length: 2, tempo: 0.7})])[0], 'Faster · Long');
	t.is(names([profile({mode: 1.5, brightness: -0.9})])[0], 'Dark · Minor-key');
});

test('two traits name a playlist, the strongest two, however many stand out', t => {
	const p = profile({tempo: 0.6, energy: -2, brightness: 1.5, mode: 0.9, length: -0.7});
	t.deepEqual(baseChoice(p), {dimensions: ['energy', 'brightness'], balanced: false});
	t.is(names([p, profile({tempo: -1, length: 1})])[0], 'Calm · Bright');
});

test('a playlist with nothing that stands out is Balanced with its strongest lean', t => {
	t.is(names([profile({tempo: 0.3, mode: -0.45})])[0], 'Balanced · Slightly Major-key');
	t.is(names([profile({tempo: 0.1})])[0], 'Balanced');
});

test('the same two traits are told apart by the trait where they lean opposite ways and differ most', t => {
	// Energy differs more but leans the same way; brightness and length lean opposite ways, brightness farther.
	const a = profile({tempo: -1.4, energy: 0.6, mode: -1, brightness: 0.3, length: -0.3});
	const b = profile({tempo: -0.7, energy: 0.05, mode: -0.8, brightness: -0.45, length: 0.2});
	t.deepEqual(names([a, b]), ['Slower · Slightly Bright · Major-key', 'Slower · Slightly Dark · Major-key']);
});

test('a name whose traits are all in another takes a trait the other lacks', t => {
	// One strong trait ("Faster") is within "Faster · Minor-key": the first takes where it leans away from the other.
	const a = profile({tempo: 1.2, mode: 0.1, length: -0.4});
	const b = profile({tempo: 0.9, mode: 0.8, length: 0.3});
	t.deepEqual(names([a, b]), ['Faster · Slightly Short', 'Faster · Minor-key']);
});

test('a number only when nothing tells two playlists apart, after their main key', t => {
	const p = profile({tempo: -1, energy: 1});
	t.deepEqual(names([p, p]), ['Slower · Energetic', 'Slower · Energetic (2)']);
	const choices = chooseTraits([p, p]);
	t.deepEqual(
		uniqueNames([
			{name: traitName(p, choices[0]!), mainKey: 'A minor', detail: '120–126 BPM'},
			{name: traitName(p, choices[1]!), mainKey: 'C major', detail: '120–124 BPM'},
		]),
		['Slower · Energetic · A minor · 120–126 BPM', 'Slower · Energetic · C major · 120–124 BPM'],
	);
});

test('a name nothing tells from the one it sits within takes its main key; the other keeps its name', t => {
	const within = profile({mode: 1, tempo: 0.1});
	const around = profile({mode: 0.9, tempo: -1.2});
	const choices = chooseTraits([within, around]);
	t.deepEqual(
		choices.map(choice => choice.tied ?? false),
		[true, false],
	);
	t.deepEqual(
		uniqueNames([
			{name: traitName(within, choices[0]!), mainKey: 'A minor', tied: choices[0]!.tied},
			{name: traitName(around, choices[1]!), mainKey: 'E minor', tied: choices[1]!.tied},
		]),
		['Minor-key · A minor', 'Slower · Minor-key'],
	);
});

test('generated sets: names distinct, no name within another when they can be told apart, fixed order, a third trait only when needed', t => {
	const rng = createRng(17);
	let thirds = 0;
	let sets = 0;
	for (let round = 0; round < 300; round++) {
		const profiles = randomProfiles(rng, 2 + rng.int(12));
		const choices = chooseTraits(profiles);
		const traits = profiles.map((p, index) => stated(p, choices[index]!));
		const named = uniqueNames(profiles.map((p, index) => ({name: traitName(p, choices[index]!)})));
		t.is(new Set(named.map(name => name.toLowerCase())).size, named.length);
		profiles.forEach((p, i) => {
			const {dimensions} = choices[i]!;
			t.deepEqual(
				dimensions,
				[...dimensions].sort((a, b) => TRAIT_DIMENSIONS.indexOf(a) - TRAIT_DIMENSIONS.indexOf(b)),
			);
			t.true(dimensions.length <= MAX_TRAITS);
			// The two strongest traits that stand out are always named.
			const strong = TRAIT_DIMENSIONS.filter(dimension => Math.abs(p[dimension]) >= TRAIT_THRESHOLD)
				.sort((a, b) => Math.abs(p[b]) - Math.abs(p[a]))
				.slice(0, 2);
			for (const dimension of strong) t.true(dimensions.includes(dimension), named[i]);
			// More than two traits only when fewer would sit within another name.
			if (dimensions.length > 2) {
				thirds++;
				const needed = dimensions.some(dropped => {
					const fewer = stated(p, {dimensions: dimensions.filter(dimension => dimension !== dropped), balanced: choices[i]!.balanced});
					return traits.some((other, j) => j !== i && within(fewer, other));
				});
				t.true(needed, named[i]);
			}
			for (let j = i + 1; j < profiles.length; j++) {
				if (!clash(traits[i]!, traits[j]!)) continue;
				// A clash is left only when no trait can settle it.
				const [small, large] = within(traits[i]!, traits[j]!) ? [i, j] : [j, i];
				const full = choices[small]!.dimensions.length >= MAX_TRAITS;
				t.true(full || !separable(profiles[small]!, choices[small]!, profiles[large]!), `${named[i]} / ${named[j]}`);
			}
		});
		sets++;
	}
	t.is(sets, 300);
	t.true(thirds > 0);
});

test('generated sets of well separated playlists: no name is within another', t => {
	const rng = createRng(5);
	let pairs = 0;
	for (let round = 0; round < 200; round++) {
		// Up to 8 playlists, each far from the library on every trait, so a clash can always be settled.
		const profiles = Array.from({length: 2 + rng.int(7)}, () => {
			const values = {} as Record<TraitDimension, number>;
			for (const dimension of TRAIT_DIMENSIONS) values[dimension] = (rng.next() < 0.5 ? -1 : 1) * (0.6 + rng.next());
			return values as TraitProfile;
		});
		const choices = chooseTraits(profiles);
		const traits = profiles.map((p, index) => stated(p, choices[index]!));
		for (let i = 0; i < traits.length; i++) {
			for (let j = i + 1; j < traits.length; j++) {
				// Leaning the same way on every trait, nothing tells them apart.
				if (TRAIT_DIMENSIONS.every(dimension => profiles[i]![dimension] * profiles[j]![dimension] > 0)) continue;
				pairs++;
				t.false(clash(traits[i]!, traits[j]!), `${traitName(profiles[i]!, choices[i]!)} / ${traitName(profiles[j]!, choices[j]!)}`);
			}
		}
	}
	t.true(pairs > 1000);
});
