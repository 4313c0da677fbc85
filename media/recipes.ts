/**
 * Recipes for synthetic music: click/drum patterns at a known tempo over a chord progression in a known
 * key, coloured with noise. Rendered by ffmpeg's aevalsrc/anoisesrc, so the project ships no recordings.
 * Used for the bundled media/ library and for larger generated libraries in tests and benchmarks.
 */

export type Mode = 'major' | 'minor';

export type Recipe = {
	/** File name without extension. */
	name: string;
	family: string;
	bpm: number;
	/** Tonic as a pitch class, 0 = C … 11 = B. */
	tonic: number;
	mode: Mode;
	seconds: number;
	format: 'mp3' | 'ogg' | 'opus' | 'flac' | 'wav';
	/** Timbre controls: how loud each layer is, and the pad's octave. */
	kick: number;
	click: number;
	clickHz: number;
	hats: number;
	noise: {color: 'white' | 'pink' | 'brown'; level: number};
	pad: number;
	padOctave: number;
	/** Pad wave: pure sines (soft) or with odd harmonics (brighter, buzzier). */
	padHarmonics: number;
};

export const PITCH_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;

export function keyName(tonic: number, mode: Mode): string {
	return `${PITCH_NAMES[((tonic % 12) + 12) % 12]} ${mode}`;
}

function midiToHz(midi: number): number {
	return 440 * 2 ** ((midi - 69) / 12);
}

/** I–IV–V–I in major, i–iv–v–i in minor (natural minor v keeps the key unambiguous for profiles). */
function progression(tonic: number, mode: Mode, octave: number): number[][] {
	const root = 12 * (octave + 1) + tonic;
	const third = mode === 'major' ? 4 : 3;
	const triad = (offset: number, minorTriad: boolean) => [root + offset, root + offset + (minorTriad ? 3 : 4), root + offset + 7];
	if (mode === 'major') return [triad(0, false), triad(5, false), triad(7, false), triad(0, false)];
	return [[root, root + third, root + 7], triad(5, true), triad(7, true), [root, root + third, root + 7]];
}

function fixed(value: number): string {
	return value.toFixed(6);
}

/** The aevalsrc expression for the tonal and rhythmic layers of a recipe. */
export function expression(recipe: Recipe): string {
	const beat = 60 / recipe.bpm;
	const bar = 4 * beat;
	const chords = progression(recipe.tonic, recipe.mode, recipe.padOctave);
	const wave = (hz: number) => {
		const parts = [`sin(2*PI*${fixed(hz)}*t)`];
		for (let h = 3; h <= 1 + 2 * recipe.padHarmonics; h += 2) parts.push(`sin(2*PI*${fixed(hz * h)}*t)/${h}`);
		return parts.join('+');
	};
	const pad = chords
		.map((notes, index) => `eq(mod(floor(t/${fixed(bar)}),${chords.length}),${index})*(${notes.map(note => wave(midiToHz(note))).join('+')})`)
		.join('+');
	const layers = [
		`${recipe.pad / 3}*(${pad})`,
		`${recipe.kick}*sin(2*PI*55*t)*exp(-18*mod(t,${fixed(beat)}))`,
		`${recipe.click}*sin(2*PI*${recipe.clickHz}*t)*exp(-250*mod(t,${fixed(beat)}))`,
		`${recipe.hats}*(2*random(0)-1)*exp(-90*mod(t+${fixed(beat / 2)},${fixed(beat / 2)}))`,
	];
	return layers.join('+');
}

/** ffmpeg arguments that render a recipe to `output`. */
export function renderArgs(recipe: Recipe, output: string, sampleRate = 22050): string[] {
	const codec: Record<Recipe['format'], string[]> = {
		mp3: ['-c:a', 'libmp3lame', '-b:a', '48k'],
		ogg: ['-c:a', 'libvorbis', '-q:a', '0'],
		opus: ['-c:a', 'libopus', '-b:a', '32k'],
		flac: ['-c:a', 'flac', '-sample_fmt', 's16'],
		wav: ['-c:a', 'pcm_s16le'],
	};
	const noise = `anoisesrc=color=${recipe.noise.color}:amplitude=${recipe.noise.level}:seed=${seedOf(recipe.name)}:sample_rate=${sampleRate}:duration=${recipe.seconds}`;
	const tone = `aevalsrc='${expression(recipe)}':s=${sampleRate}:d=${recipe.seconds}`;
	return [
		'-hide_banner',
		'-loglevel',
		'error',
		'-y',
		'-f',
		'lavfi',
		'-i',
		tone,
		'-f',
		'lavfi',
		'-i',
		noise,
		'-filter_complex',
		// The plain sum of tone and noise; amix's normalize=0 would say the same but ffmpeg 4.1 lacks it.
		'[0:a][1:a]amerge=inputs=2,pan=mono|c0=c0+c1,alimiter=limit=0.9,afade=t=in:d=0.5,afade=t=out:st=' + (recipe.seconds - 0.5) + ':d=0.5',
		'-ac',
		'1',
		'-ar',
		String(recipe.format === 'opus' ? 24000 : sampleRate),
		'-metadata',
		`title=${recipe.name}`,
		'-metadata',
		`artist=playlistgen ${recipe.family}`,
		'-metadata',
		'album=playlistgen samples',
		...codec[recipe.format],
		output,
	];
}

function seedOf(text: string): number {
	let hash = 7;
	for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
	return hash;
}

/** Families that differ in tempo, key, timbre and texture; tracks in a family vary a little. */
export const FAMILIES = {
	dusk: {bpm: 90, tonic: 9, mode: 'minor', kick: 0.55, click: 0, clickHz: 1000, hats: 0, noise: {color: 'brown', level: 0.06}, pad: 0.28, padOctave: 2, padHarmonics: 0},
	neon: {bpm: 120, tonic: 0, mode: 'major', kick: 0.25, click: 0.35, clickHz: 3200, hats: 0.18, noise: {color: 'white', level: 0.03}, pad: 0.2, padOctave: 4, padHarmonics: 3},
	rush: {bpm: 150, tonic: 4, mode: 'minor', kick: 0.6, click: 0.15, clickHz: 1800, hats: 0.1, noise: {color: 'pink', level: 0.12}, pad: 0.16, padOctave: 3, padHarmonics: 1},
} as const satisfies Record<string, Omit<Recipe, 'name' | 'family' | 'seconds' | 'format'>>;

export type FamilyName = keyof typeof FAMILIES;

/** A track of a family, with small variations of tempo and level so that no two are the same. */
export function variant(family: FamilyName, index: number, seconds: number, format: Recipe['format']): Recipe {
	const base = FAMILIES[family];
	const nudge = [0, 0.02, -0.02, 0.035, -0.035][index % 5]!;
	return {
		...base,
		noise: {...base.noise},
		name: `${family}-${String(index + 1).padStart(2, '0')}`,
		family,
		seconds,
		format,
		bpm: Math.round(base.bpm * (1 + nudge) * 10) / 10,
		pad: base.pad * (1 - nudge),
	};
}

/** The bundled sample library: three families of three tracks, five formats, ≤ 30 s each. */
export const BUNDLED: Recipe[] = [
	variant('dusk', 0, 24, 'mp3'),
	variant('dusk', 1, 20, 'ogg'),
	variant('dusk', 2, 28, 'opus'),
	variant('neon', 0, 14, 'flac'),
	variant('neon', 1, 24, 'mp3'),
	variant('neon', 2, 10, 'wav'),
	variant('rush', 0, 26, 'opus'),
	variant('rush', 1, 20, 'mp3'),
	variant('rush', 2, 22, 'ogg'),
];
