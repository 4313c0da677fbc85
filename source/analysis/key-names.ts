export type Mode = 'major' | 'minor';

export const PITCH_CLASSES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;

/** Camelot numbers of the major keys by tonic pitch class (C major = 8B); a minor key shares its relative major's number. */
const CAMELOT_MAJOR = [8, 3, 10, 5, 12, 7, 2, 9, 4, 11, 6, 1] as const;

export function keyLabel(tonic: number, mode: Mode): string {
	return `${PITCH_CLASSES[((tonic % 12) + 12) % 12]} ${mode}`;
}

/** Camelot code: major keys "nB", minor keys "nA" (A minor = 8A, the relative of C major = 8B). */
export function camelot(tonic: number, mode: Mode): string {
	const pitch = ((tonic % 12) + 12) % 12;
	if (mode === 'major') return `${CAMELOT_MAJOR[pitch]}B`;
	const relativeMajor = (pitch + 3) % 12;
	return `${CAMELOT_MAJOR[relativeMajor]}A`;
}
