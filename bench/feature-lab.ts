/**
 * A workbench for candidate similarity descriptions on the dev corpus (not a test, not part of `npm run bench`).
 *
 * The first run decodes the 79 tracks once (ffmpeg, mono 22050 Hz), runs this build's analyser on them
 * and caches, per track, the analysis and every frame's amplitude spectrum (1024-sample Hann frames, hop
 * 512, 512 bins as 0.67 dB steps in one byte) under /tmp/playlistgen-lab. Later runs read the cache and
 * try descriptions and fusions in seconds: album precision@5 overall and per album, against the distance
 * playlists use today.
 *
 * `node --import=tsx bench/feature-lab.ts`
 */
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import FFT from 'fft.js';
import {locateFfmpeg} from '../source/audio/ffmpeg-locate.js';
import {TrackFeatureExtractor} from '../source/analysis/track-features.js';
import {CEPSTRUM_FLOOR, Cepstrum} from '../source/analysis/cepstrum.js';
import {hannWindow, logMelBands, melFilters, type SparseFilter} from '../source/analysis/spectrum.js';
import type {TrackAnalysis} from '../source/analysis/types.js';
import {DEFAULT_WEIGHTS} from '../source/config/options.js';
import {columnStats, zScore} from '../source/playlists/similarity/distance.js';
import {RunningGaussian} from '../source/analysis/stats.js';
import {timbreDivergence, timbreModels} from '../source/playlists/similarity/timbre.js';
import {normalCdf} from '../source/playlists/similarity/proximity.js';
import {librarySimilarity, type SimilarityOptions} from '../source/playlists/similarity/similarity.js';
import {vectorGroups} from '../source/playlists/similarity/vector-groups.js';
import type {StoredTrack} from '../source/store/types.js';
import {decodeForBench} from './extractor-cost.js';
import {DEV_CORPUS, groupingQuality} from './similarity.js';

const CACHE = process.env['PLAYLISTGEN_LAB_CACHE'] ?? '/tmp/playlistgen-lab';
const SAMPLE_RATE = 22050;
const FRAME = 1024;
const HOP = 512;
const BINS = FRAME / 2;
const DB_FLOOR = -110;
const DB_STEP = 1 / 1.5;

type LabTrack = {path: string; album: string; analysis: TrackAnalysis; durationSeconds: number; frames: number};

function libraryFiles(): Array<{file: string; album: string}> {
	const library = path.join(DEV_CORPUS, 'library');
	const out: Array<{file: string; album: string}> = [];
	for (const album of fs.readdirSync(library).sort()) {
		for (const name of fs.readdirSync(path.join(library, album)).sort()) out.push({file: path.join(library, album, name), album});
	}
	return out;
}

function cacheName(file: string): string {
	return path.join(CACHE, path.relative(path.join(DEV_CORPUS, 'library'), file).replace(/[^\w.-]+/g, '_'));
}

function buildCache(file: string, album: string): LabTrack {
	const [samples] = decodeForBench([file], SAMPLE_RATE);
	const extractor = new TrackFeatureExtractor({sampleRate: SAMPLE_RATE});
	for (let start = 0; start < samples!.length; start += 65_536) extractor.push(samples!.slice(start, start + 65_536));
	const analysis = extractor.finish();
	const frames = samples!.length >= FRAME ? Math.floor((samples!.length - FRAME) / HOP) + 1 : 0;
	const bytes = new Uint8Array(frames * BINS);
	const fft = new FFT(FRAME);
	const window = hannWindow(FRAME);
	const input = new Float64Array(FRAME);
	const spectrum = fft.createComplexArray() as number[];
	for (let f = 0; f < frames; f++) {
		for (let i = 0; i < FRAME; i++) input[i] = samples![f * HOP + i]! * window[i]!;
		fft.realTransform(spectrum, input);
		for (let k = 0; k < BINS; k++) {
			const amp = Math.hypot(spectrum[2 * k]!, spectrum[2 * k + 1]!);
			const db = 20 * Math.log10(amp + 1e-12);
			bytes[f * BINS + k] = Math.max(0, Math.min(255, Math.round((db - DB_FLOOR) / DB_STEP)));
		}
	}
	const track: LabTrack = {path: file, album, analysis, durationSeconds: samples!.length / SAMPLE_RATE, frames};
	fs.writeFileSync(cacheName(file) + '.json', JSON.stringify(track));
	fs.writeFileSync(cacheName(file) + '.spec', bytes);
	return track;
}

export function loadLab(): LabTrack[] {
	fs.mkdirSync(CACHE, {recursive: true});
	return libraryFiles().map(({file, album}) => {
		const json = cacheName(file) + '.json';
		if (fs.existsSync(json) && fs.existsSync(cacheName(file) + '.spec')) return JSON.parse(fs.readFileSync(json, 'utf8')) as LabTrack;
		process.stderr.write(`caching ${path.basename(file)}\n`);
		return buildCache(file, album);
	});
}

/** Amplitude of each byte step. */
const AMP = Float64Array.from({length: 256}, (_, q) => (q === 0 ? 0 : 10 ** ((DB_FLOOR + q * DB_STEP) / 20)));

export function spectra(track: LabTrack): Uint8Array {
	return new Uint8Array(fs.readFileSync(cacheName(track.path) + '.spec'));
}

/** Calls `visit` with every frame's amplitude spectrum (a reused array). */
export function eachFrame(track: LabTrack, visit: (amp: Float64Array, frame: number) => void): void {
	const bytes = spectra(track);
	const amp = new Float64Array(BINS);
	for (let f = 0; f < track.frames; f++) {
		for (let k = 0; k < BINS; k++) amp[k] = AMP[bytes[f * BINS + k]!]!;
		visit(amp, f);
	}
}

// ---------- evaluation ----------

type Square = Float64Array; // n × n

export function euclideanMatrix(rows: ReadonlyArray<ArrayLike<number>>, clip = 5): Square {
	const n = rows.length;
	const d = rows[0]!.length;
	const {mean, std} = columnStats(rows, d);
	const z = rows.map(row => Float64Array.from({length: d}, (_, j) => zScore(row[j]!, mean[j]!, std[j]!, clip)));
	const out = new Float64Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = 0; j < n; j++) {
			let s = 0;
			for (let k = 0; k < d; k++) s += (z[i]![k]! - z[j]![k]!) ** 2;
			out[i * n + j] = Math.sqrt(s);
		}
	return out;
}

/** Mean and standard deviation of each row's distances to the others (the diagonal left out). */
function rowStats(matrix: Square, n: number): {mean: Float64Array; std: Float64Array} {
	const mean = new Float64Array(n);
	const std = new Float64Array(n);
	for (let i = 0; i < n; i++) {
		let s = 0;
		let q = 0;
		for (let j = 0; j < n; j++)
			if (j !== i) {
				s += matrix[i * n + j]!;
				q += matrix[i * n + j]! ** 2;
			}
		mean[i] = s / (n - 1);
		std[i] = Math.sqrt(Math.max(0, q / (n - 1) - mean[i]! ** 2));
	}
	return {mean, std};
}

/** DSN per track over all others, weighted sum, optional mutual proximity (as playlists/similarity/similarity.ts with the whole library as reference). */
export function fuse(parts: ReadonlyArray<{matrix: Square; weight: number}>, n: number, mutual = true, global = false, shrink = 0): Square {
	const normalised = parts.map(({matrix, weight}) => {
		if (global || shrink > 0) {
			let s = 0;
			let q = 0;
			for (let i = 0; i < n; i++)
				for (let j = 0; j < n; j++)
					if (j !== i) {
						s += matrix[i * n + j]!;
						q += matrix[i * n + j]! ** 2;
					}
			const m = s / (n * (n - 1));
			const sd = Math.sqrt(q / (n * (n - 1)) - m * m) || 1;
			if (shrink === 0) return {matrix, weight, mean: new Float64Array(n).fill(m), std: new Float64Array(n).fill(sd)};
			const rows = rowStats(matrix, n);
			const mean = rows.mean.map(mi => shrink * mi + (1 - shrink) * m);
			const std = rows.std.map(si => shrink * (si || 1) + (1 - shrink) * sd);
			return {matrix, weight, mean, std};
		}
		const {mean, std} = rowStats(matrix, n);
		return {matrix, weight, mean, std: std.map(si => si || 1)};
	});
	const total = parts.reduce((s, p) => s + p.weight, 0) || 1;
	const fused = new Float64Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = 0; j < n; j++) {
			if (i === j) continue;
			let t = 0;
			for (const c of normalised) {
				const v = c.matrix[i * n + j]!;
				t += (c.weight * ((v - c.mean[i]!) / c.std[i]! + (v - c.mean[j]!) / c.std[j]!)) / 2;
			}
			fused[i * n + j] = t / total;
		}
	if (!mutual) return fused;
	const {mean: fm, std: fs_} = rowStats(fused, n);
	const out = new Float64Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = 0; j < n; j++) {
			if (i === j) continue;
			const f = fused[i * n + j]!;
			const a = normalCdf(f, fm[i]!, fs_[i]!);
			const b = normalCdf(f, fm[j]!, fs_[j]!);
			out[i * n + j] = a + b - a * b;
		}
	return out;
}

export function precision(matrix: Square, albums: readonly string[]): {p1: number; p5: number; per: Map<string, number>} {
	const n = albums.length;
	let p1 = 0;
	let p5 = 0;
	const per = new Map<string, number>();
	const count = new Map<string, number>();
	for (let i = 0; i < n; i++) {
		const order = Array.from({length: n}, (_, j) => j)
			.filter(j => j !== i)
			.sort((a, b) => matrix[i * n + a]! - matrix[i * n + b]! || a - b);
		const hits = order.slice(0, 5).filter(j => albums[j] === albums[i]).length / 5;
		p1 += albums[order[0]!] === albums[i] ? 1 : 0;
		p5 += hits;
		per.set(albums[i]!, (per.get(albums[i]!) ?? 0) + hits);
		count.set(albums[i]!, (count.get(albums[i]!) ?? 0) + 1);
	}
	for (const [album, sum] of per) per.set(album, sum / count.get(album)!);
	return {p1: p1 / n, p5: p5 / n, per};
}

/** Features-version-1 P@5 per album: no album may fall below these. */
export const V1_FLOOR: Readonly<Record<string, number>> = {
	'Battle Tanks': 0.85,
	'Extreme Tux Racer': 0.18,
	Flare: 0.72,
	Hedgewars: 0.72,
	'LinCity-NG': 0,
	Warmux: 0.23,
	'X-Moto': 0.4,
};

export function report(label: string, matrix: Square, albums: readonly string[]): {p5: number; ok: boolean} {
	const {p1, p5, per} = precision(matrix, albums);
	const cells = [...per.entries()].sort().map(([album, value]) => `${value.toFixed(2)}${value + 1e-9 < V1_FLOOR[album]! ? '✗' : ' '}`);
	const ok = [...per.entries()].every(([album, value]) => value + 1e-9 >= V1_FLOOR[album]!);
	console.log(`${label.padEnd(48)} P@1 ${p1.toFixed(2)} P@5 ${p5.toFixed(2)} ${ok ? 'ok' : '  '} | ${cells.join(' ')}`);
	return {p5, ok};
}

/** The existing components' raw distances, from this build's Similarity. */
export function storedTracks(tracks: readonly LabTrack[]): StoredTrack[] {
	return tracks.map(t => ({
		path: t.path,
		sizeBytes: 0,
		mtimeMs: 0,
		durationSeconds: t.durationSeconds,
		partial: false,
		tags: {},
		analysis: t.analysis,
	}));
}

/** P@5 by this build's Similarity with the given options, and the automatic playlists' quality. */
function settings(tracks: readonly LabTrack[], label: string, options: SimilarityOptions & {metric?: 'euclidean' | 'cosine'}): void {
	const stored = storedTracks(tracks);
	const {library, similarity} = librarySimilarity(stored, {groups: vectorGroups(), weights: {...DEFAULT_WEIGHTS}, ...options});
	const n = tracks.length;
	const position = new Map(tracks.map((t, i) => [t.path, i]));
	const map = library.tracks.map(t => position.get(t.path)!);
	const m = new Float64Array(n * n);
	for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) m[map[i]! * n + map[j]!] = similarity.distance(i, j);
	report(
		label,
		m,
		tracks.map(t => t.album),
	);
	const albumOf = new Map(tracks.map(t => [t.path, t.album]));
	for (const targetLength of [20, 10]) {
		const g = groupingQuality(stored, albumOf, {targetLength, similarity: options});
		console.log(
			`   target ${targetLength}: ${g.playlists} playlists (${g.sizes.join(', ')}), purity ${g.purity.toFixed(2)}, completeness ${g.completeness.toFixed(2)}, under 5: ${(g.tinyShare * 100).toFixed(0)} %, tempo step ${g.medianTempoStep.toFixed(1)}, key ${(g.keyCompatible * 100).toFixed(0)} %`,
		);
	}
}

export function existingComponents(tracks: readonly LabTrack[]): Record<string, Square> {
	const stored: StoredTrack[] = tracks.map(t => ({
		path: t.path,
		sizeBytes: 0,
		mtimeMs: 0,
		durationSeconds: t.durationSeconds,
		partial: false,
		tags: {},
		analysis: t.analysis,
	}));
	const {library, similarity} = librarySimilarity(stored, {groups: vectorGroups(), weights: {...DEFAULT_WEIGHTS}});
	const n = tracks.length;
	const position = new Map(tracks.map((t, i) => [t.path, i]));
	const map = library.tracks.map(t => position.get(t.path)!);
	const out: Record<string, Square> = {};
	for (const c of similarity.components) {
		const m = new Float64Array(n * n);
		for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) m[map[i]! * n + map[j]!] = c.raw(i, j);
		out[c.name] = m;
	}
	return out;
}

// ---------- candidate descriptions ----------

/** Octave bands (Hz) of spectral contrast, as librosa's defaults: below 200, then octaves to Nyquist. */
const CONTRAST_EDGES_HZ = [0, 200, 400, 800, 1600, 3200, 6400, SAMPLE_RATE / 2];

/** Spectral contrast (Jiang et al.): per octave band, log peak − log valley (means of the top / bottom share of bins), and the valley; mean and std over frames. */
export function spectralContrast(track: LabTrack, share = 0.02, useMel = false): number[] {
	const edges = CONTRAST_EDGES_HZ.map(hz => Math.min(BINS, Math.round((hz * FRAME) / SAMPLE_RATE)));
	const bands = edges.length - 1;
	const sums = new Float64Array(bands * 4);
	const squares = new Float64Array(bands * 4);
	let count = 0;
	const scratch = new Float64Array(BINS);
	void useMel;
	eachFrame(track, amp => {
		let energy = 0;
		for (let k = 0; k < BINS; k++) energy += amp[k]! * amp[k]!;
		if (energy < 1e-6) return;
		count++;
		for (let b = 0; b < bands; b++) {
			const lo = edges[b]!;
			const hi = edges[b + 1]!;
			const width = hi - lo;
			for (let k = 0; k < width; k++) scratch[k] = amp[lo + k]! * amp[lo + k]!;
			const sorted = Array.from(scratch.subarray(0, width)).sort((x, y) => x - y);
			const take = Math.max(1, Math.round(share * width));
			let valley = 0;
			let peak = 0;
			for (let k = 0; k < take; k++) {
				valley += sorted[k]!;
				peak += sorted[width - 1 - k]!;
			}
			const lv = Math.log(valley / take + 1e-10);
			const lp = Math.log(peak / take + 1e-10);
			const values = [lp - lv, lv, lp];
			for (let v = 0; v < 3; v++) {
				sums[b * 4 + v]! += values[v]!;
				squares[b * 4 + v]! += values[v]! ** 2;
			}
		}
	});
	const out: number[] = [];
	for (let b = 0; b < bands; b++)
		for (let v = 0; v < 3; v++) {
			const mean = count > 0 ? sums[b * 4 + v]! / count : 0;
			out.push(mean, Math.sqrt(Math.max(0, count > 0 ? squares[b * 4 + v]! / count - mean * mean : 0)));
		}
	return out;
}

/** Picks parts of the contrast vector: per band [contrast mean, contrast std, valley mean, valley std, peak mean, peak std]. */
function pick(values: number[], which: number[]): number[] {
	const out: number[] = [];
	for (let b = 0; b < values.length / 6; b++) for (const w of which) out.push(values[b * 6 + w]!);
	return out;
}

const MEL = 26;
const filters = melFilters(MEL, SAMPLE_RATE, FRAME);

/** Room for logMelBands' log(1 + power), which the descriptions here do not use. */
const UNUSED_LOG = new Float64Array(64);

/** One frame's mel band powers into `power` (spectrum.ts's logMelBands), and their sum. */
function melPower(amp: Float64Array, bank: SparseFilter[], power: Float64Array): number {
	logMelBands(amp, bank, UNUSED_LOG, power);
	let energy = 0;
	for (let b = 0; b < bank.length; b++) energy += power[b]!;
	return energy;
}

/** One frame's log mel band powers, floored as the timbre cepstrum floors them, into `out`; the powers' sum. */
function logMelPower(amp: Float64Array, bank: SparseFilter[], out: Float64Array): number {
	const energy = melPower(amp, bank, out);
	for (let b = 0; b < bank.length; b++) out[b] = Math.log(out[b]! + CEPSTRUM_FLOOR);
	return energy;
}

/** Seyerlehner's spectral pattern, streamed: log mel bands in blocks of `block` frames (hop `block/2`), each band sorted within the block; the mean over blocks (and optionally a delta version). */
export function spectralPattern(track: LabTrack, block = 10, delta = false): number[] {
	const ring = new Float64Array(block * MEL);
	const sum = new Float64Array(block * MEL);
	let blocks = 0;
	let previous: Float64Array | undefined;
	const column = new Float64Array(block);
	eachFrame(track, (amp, f) => {
		const slot = f % block;
		const mel = new Float64Array(MEL);
		logMelPower(amp, filters, mel);
		for (let b = 0; b < MEL; b++) ring[slot * MEL + b] = delta ? (previous ? Math.abs(mel[b]! - previous[b]!) : 0) : mel[b]!;
		previous = mel;
		if (f + 1 >= block && (f + 1 - block) % (block / 2) === 0) {
			for (let b = 0; b < MEL; b++) {
				for (let i = 0; i < block; i++) column[i] = ring[i * MEL + b]!;
				column.sort();
				for (let i = 0; i < block; i++) sum[b * block + i]! += column[i]!;
			}
			blocks++;
		}
	});
	return Array.from(sum, v => (blocks > 0 ? v / blocks : 0));
}

/** Mean and std of the log mel bands, and the correlation of neighbouring bands' deltas. */
export function melStats(track: LabTrack): number[] {
	const s = new Float64Array(MEL);
	const q = new Float64Array(MEL);
	let count = 0;
	const mel = new Float64Array(MEL);
	eachFrame(track, amp => {
		logMelPower(amp, filters, mel);
		for (let b = 0; b < MEL; b++) {
			const v = mel[b]!;
			s[b]! += v;
			q[b]! += v * v;
		}
		count++;
	});
	const out: number[] = [];
	for (let b = 0; b < MEL; b++) {
		const m = s[b]! / count;
		out.push(m, Math.sqrt(Math.max(0, q[b]! / count - m * m)));
	}
	return out;
}

/** Seyerlehner's spectral pattern with a percentile over blocks (not streamed: for comparison only). */
export function spectralPatternPercentile(track: LabTrack, block = 10, q = 0.9): number[] {
	const ring = new Float64Array(block * MEL);
	const rows: Float64Array[] = [];
	const column = new Float64Array(block);
	eachFrame(track, (amp, f) => {
		const slot = f % block;
		logMelPower(amp, filters, ring.subarray(slot * MEL, (slot + 1) * MEL));
		if (f + 1 >= block && (f + 1 - block) % (block / 2) === 0) {
			const row = new Float64Array(MEL * block);
			for (let b = 0; b < MEL; b++) {
				for (let i = 0; i < block; i++) column[i] = ring[i * MEL + b]!;
				column.sort();
				for (let i = 0; i < block; i++) row[b * block + i] = column[i]!;
			}
			rows.push(row);
		}
	});
	const out: number[] = [];
	const values = new Float64Array(rows.length);
	for (let k = 0; k < MEL * block; k++) {
		rows.forEach((row, r) => (values[r] = row[k]!));
		values.sort();
		out.push(values.length > 0 ? values[Math.min(values.length - 1, Math.floor(q * values.length))]! : 0);
	}
	return out;
}

export function manhattanMatrix(rows: ReadonlyArray<ArrayLike<number>>, zscore = true, clip = 5): Square {
	const n = rows.length;
	const d = rows[0]!.length;
	const {mean, std} = columnStats(rows, d);
	const z = rows.map(row => Float64Array.from({length: d}, (_, j) => (zscore ? zScore(row[j]!, mean[j]!, std[j]!, clip) : row[j]!)));
	const out = new Float64Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = 0; j < n; j++) {
			let s = 0;
			for (let k = 0; k < d; k++) s += Math.abs(z[i]![k]! - z[j]![k]!);
			out[i * n + j] = s;
		}
	return out;
}

/** A Gaussian over cepstra of `bands` mel bands (coefficient 0 kept as a dummy the models drop), optionally with deltas; stored format. */
export function cepstralGaussian(track: LabTrack, bands = 26, count = 20, deltas = false): {mean: number[]; covariance: number[]} {
	const bank = melFilters(bands, SAMPLE_RATE, FRAME);
	const cepstrum = new Cepstrum(bands, count);
	const d = deltas ? 1 + 2 * (count - 1) : count;
	const gaussian = new RunningGaussian(d);
	const power = new Float64Array(bands);
	const previous = new Float64Array(count);
	const x = new Float64Array(d);
	let first = true;
	eachFrame(track, amp => {
		if (melPower(amp, bank, power) < 1e-6) return;
		const c = cepstrum.of(power);
		for (let k = 0; k < count; k++) x[k] = c[k]!;
		if (deltas) for (let k = 1; k < count; k++) x[count + k - 1] = first ? 0 : c[k]! - previous[k]!;
		previous.set(c);
		first = false;
		gaussian.add(x);
	});
	return {mean: Array.from(gaussian.mean()), covariance: Array.from(gaussian.covariance())};
}

/** A streamed correlation pattern (after Seyerlehner): Pearson correlation of every pair of log mel bands over the track's frames (upper triangle). */
export function correlationPattern(track: LabTrack, bands = 26): number[] {
	const bank = melFilters(bands, SAMPLE_RATE, FRAME);
	const gaussian = new RunningGaussian(bands);
	const x = new Float64Array(bands);
	eachFrame(track, amp => {
		if (logMelPower(amp, bank, x) < 1e-6) return;
		gaussian.add(x);
	});
	const cov = gaussian.covariance();
	const variance = new Float64Array(bands);
	let p = 0;
	for (let i = 0; i < bands; i++) for (let j = i; j < bands; j++, p++) if (i === j) variance[i] = cov[p]!;
	const out: number[] = [];
	p = 0;
	for (let i = 0; i < bands; i++) for (let j = i; j < bands; j++, p++) if (j > i) out.push(cov[p]! / Math.sqrt(variance[i]! * variance[j]! || 1));
	return out;
}

function klMatrix(gaussians: Array<{mean: number[]; covariance: number[]}>): Square {
	const models = timbreModels(gaussians)!;
	const n = gaussians.length;
	const out = new Float64Array(n * n);
	for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) out[i * n + j] = timbreDivergence(models, i, j);
	return out;
}

/** Each column replaced by its rank over the library (ties averaged), scaled to 0–1, then Euclidean. */
export function rankMatrix(rows: ReadonlyArray<ArrayLike<number>>): Square {
	const n = rows.length;
	const d = rows[0]!.length;
	const ranked = rows.map(() => new Float64Array(d));
	for (let k = 0; k < d; k++) {
		const order = Array.from({length: n}, (_, i) => i).sort((a, b) => rows[a]![k]! - rows[b]![k]!);
		let start = 0;
		while (start < n) {
			let end = start;
			while (end + 1 < n && rows[order[end + 1]!]![k] === rows[order[start]!]![k]) end++;
			const rank = (start + end) / 2 / Math.max(1, n - 1);
			for (let p = start; p <= end; p++) ranked[order[p]!]![k] = rank;
			start = end + 1;
		}
	}
	const out = new Float64Array(n * n);
	for (let i = 0; i < n; i++)
		for (let j = 0; j < n; j++) {
			let sum = 0;
			for (let k = 0; k < d; k++) sum += (ranked[i]![k]! - ranked[j]![k]!) ** 2;
			out[i * n + j] = Math.sqrt(sum);
		}
	return out;
}

/** Manifold ranking: affinities on the mutual-ish k-NN graph, F = (I − αS)⁻¹, distance = −F (rows normalised). */
function diffuse(matrix: Square, n: number, k: number, alpha: number): Square {
	const W = new Float64Array(n * n);
	const sigma = new Float64Array(n);
	const nn: number[][] = [];
	for (let i = 0; i < n; i++) {
		const order = Array.from({length: n}, (_, j) => j)
			.filter(j => j !== i)
			.sort((a, b) => matrix[i * n + a]! - matrix[i * n + b]!);
		nn.push(order.slice(0, k));
		sigma[i] = matrix[i * n + order[Math.min(k, order.length) - 1]!]! || 1;
	}
	let min = Infinity;
	for (let i = 0; i < n * n; i++) if (i % (n + 1) !== 0) min = Math.min(min, matrix[i]!);
	for (let i = 0; i < n; i++)
		for (const j of nn[i]!) {
			const d = matrix[i * n + j]! - min;
			const w = Math.exp(-(d * d) / ((sigma[i]! - min) * (sigma[j]! - min) + 1e-12));
			W[i * n + j] = Math.max(W[i * n + j]!, w);
			W[j * n + i] = Math.max(W[j * n + i]!, w);
		}
	const deg = new Float64Array(n);
	for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) deg[i]! += W[i * n + j]!;
	// A = I − αS, solve by Gauss–Jordan for the inverse
	const A = new Float64Array(n * n);
	const inv = new Float64Array(n * n);
	for (let i = 0; i < n; i++) {
		inv[i * n + i] = 1;
		for (let j = 0; j < n; j++) A[i * n + j] = (i === j ? 1 : 0) - (alpha * W[i * n + j]!) / Math.sqrt(deg[i]! * deg[j]! + 1e-12);
	}
	for (let c = 0; c < n; c++) {
		let piv = c;
		for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]!) > Math.abs(A[piv * n + c]!)) piv = r;
		for (let j = 0; j < n; j++) {
			[A[c * n + j], A[piv * n + j]] = [A[piv * n + j]!, A[c * n + j]!];
			[inv[c * n + j], inv[piv * n + j]] = [inv[piv * n + j]!, inv[c * n + j]!];
		}
		const p = A[c * n + c]!;
		for (let j = 0; j < n; j++) {
			A[c * n + j]! /= p;
			inv[c * n + j]! /= p;
		}
		for (let r = 0; r < n; r++)
			if (r !== c) {
				const f = A[r * n + c]!;
				if (f === 0) continue;
				for (let j = 0; j < n; j++) {
					A[r * n + j]! -= f * A[c * n + j]!;
					inv[r * n + j]! -= f * inv[c * n + j]!;
				}
			}
	}
	const out = new Float64Array(n * n);
	for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = -(inv[i * n + j]! + inv[j * n + i]!) / 2;
	return out;
}

/** Cepstral coefficients 1..count−1 of every non-silent frame, flat. */
export function mfccFrames(track: LabTrack, bands: number, count: number, gateBelowLoudDb = Infinity): Float32Array {
	const bank = melFilters(bands, SAMPLE_RATE, FRAME);
	const cepstrum = new Cepstrum(bands, count);
	const out = new Float32Array(track.frames * (count - 1));
	const power = new Float64Array(bands);
	let rows = 0;
	let floor = 1e-6;
	if (Number.isFinite(gateBelowLoudDb)) {
		const energies: number[] = [];
		eachFrame(track, amp => {
			let e = 0;
			for (let k = 0; k < BINS; k++) e += amp[k]! ** 2;
			energies.push(e);
		});
		energies.sort((a, b) => a - b);
		floor = Math.max(floor, energies[Math.floor(energies.length * 0.95)]! * 10 ** (-gateBelowLoudDb / 10));
	}
	eachFrame(track, amp => {
		if (melPower(amp, bank, power) < floor) return;
		out.set(cepstrum.of(power).subarray(1), rows * (count - 1));
		rows++;
	});
	return out.subarray(0, rows * (count - 1));
}

/** A Gaussian over block means of the frames (texture windows). Stored format with a dummy coefficient 0. */
function blockGaussian(frames: Float32Array, count: number, block: number): {mean: number[]; covariance: number[]} {
	const d = count - 1;
	const rows = frames.length / d;
	const g = new RunningGaussian(count);
	const x = new Float64Array(count);
	for (let start = 0; start + block <= rows; start += Math.max(1, block >> 1)) {
		x.fill(0);
		for (let r = start; r < start + block; r++) for (let k = 0; k < d; k++) x[k + 1]! += frames[r * d + k]! / block;
		g.add(x);
	}
	return {mean: Array.from(g.mean()), covariance: Array.from(g.covariance())};
}

/** Histogram of frames over a k-means codebook learned on a sample of the library's frames. */
function bagOfFrames(all: Float32Array[], d: number, K: number): number[][] {
	const sample: Float64Array[] = [];
	for (const f of all) for (let r = 0; r < f.length / d; r += 16) sample.push(Float64Array.from(f.subarray(r * d, r * d + d)));
	const mean = new Float64Array(d);
	const sd = new Float64Array(d);
	for (const x of sample) for (let k = 0; k < d; k++) mean[k]! += x[k]! / sample.length;
	for (const x of sample) for (let k = 0; k < d; k++) sd[k]! += (x[k]! - mean[k]!) ** 2 / sample.length;
	for (let k = 0; k < d; k++) sd[k] = Math.sqrt(sd[k]!) || 1;
	for (const x of sample) for (let k = 0; k < d; k++) x[k] = (x[k]! - mean[k]!) / sd[k]!;
	const centres = Array.from({length: K}, (_, c) => Float64Array.from(sample[Math.floor((c * sample.length) / K)]!));
	const nearest = (x: ArrayLike<number>, z = false) => {
		let best = 0;
		let bd = Infinity;
		for (let c = 0; c < K; c++) {
			let s = 0;
			for (let k = 0; k < d; k++) s += ((z ? (x[k]! - mean[k]!) / sd[k]! : x[k]!) - centres[c]![k]!) ** 2;
			if (s < bd) [bd, best] = [s, c];
		}
		return best;
	};
	for (let it = 0; it < 15; it++) {
		const sum = centres.map(() => new Float64Array(d));
		const cnt = new Float64Array(K);
		for (const x of sample) {
			const c = nearest(x);
			cnt[c]!++;
			for (let k = 0; k < d; k++) sum[c]![k]! += x[k]!;
		}
		for (let c = 0; c < K; c++) if (cnt[c]! > 0) for (let k = 0; k < d; k++) centres[c]![k] = sum[c]![k]! / cnt[c]!;
	}
	return all.map(f => {
		const h = new Array<number>(K).fill(0);
		const rows = f.length / d;
		for (let r = 0; r < rows; r += 2) h[nearest(f.subarray(r * d, r * d + d), true)]! += 1;
		const total = h.reduce((a, b) => a + b, 0) || 1;
		return h.map(v => v / total);
	});
}

const STEREO_EDGES_HZ = [0, 150, 400, 1000, 2500, 5000, SAMPLE_RATE / 2];

/**
 * Stereo image of a track (decoded again as stereo): side-to-mid energy in dB per frame (mean, std, 10th and
 * 90th percentile), inter-channel correlation (the same four), and side-to-mid in six bands (mean, std).
 */
export function stereoFeatures(file: string): number[] {
	const r = spawnSync(locateFfmpeg().path, ['-v', 'error', '-i', file, '-ac', '2', '-ar', String(SAMPLE_RATE), '-f', 'f32le', '-'], {maxBuffer: 1 << 30});
	const buf = r.stdout as Buffer;
	const s = new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4);
	const frames = Math.floor(s.length / 2 / FRAME);
	const ratios: number[] = [];
	const corrs: number[] = [];
	const band = STEREO_EDGES_HZ.slice(1).map(() => [] as number[]);
	const mid = new Float64Array(FRAME);
	const side = new Float64Array(FRAME);
	const fft = new FFT(FRAME);
	const win = hannWindow(FRAME);
	const cm = fft.createComplexArray() as number[];
	const cs = fft.createComplexArray() as number[];
	for (let f = 0; f < frames; f++) {
		let eM = 0,
			eS = 0,
			lr = 0,
			ll = 0,
			rr = 0;
		for (let i = 0; i < FRAME; i++) {
			const l = s[2 * (f * FRAME + i)]!,
				rr_ = s[2 * (f * FRAME + i) + 1]!;
			const m = (l + rr_) / 2,
				d = (l - rr_) / 2;
			eM += m * m;
			eS += d * d;
			lr += l * rr_;
			ll += l * l;
			rr += rr_ * rr_;
			mid[i] = m * win[i]!;
			side[i] = d * win[i]!;
		}
		if (eM + eS < FRAME * 1e-8) continue; // silence
		ratios.push(10 * Math.log10((eS + 1e-10) / (eM + 1e-10)));
		corrs.push(lr / Math.sqrt(ll * rr + 1e-20));
		if (f % 4 === 0) {
			fft.realTransform(cm, mid);
			fft.realTransform(cs, side);
			for (let b = 0; b < STEREO_EDGES_HZ.length - 1; b++) {
				const lo = Math.floor((STEREO_EDGES_HZ[b]! * FRAME) / SAMPLE_RATE),
					hi = Math.floor((STEREO_EDGES_HZ[b + 1]! * FRAME) / SAMPLE_RATE);
				let pm = 0,
					ps = 0;
				for (let k = Math.max(1, lo); k < Math.min(hi, FRAME / 2); k++) {
					pm += cm[2 * k]! ** 2 + cm[2 * k + 1]! ** 2;
					ps += cs[2 * k]! ** 2 + cs[2 * k + 1]! ** 2;
				}
				if (pm + ps > 1e-6) band[b]!.push(10 * Math.log10((ps + 1e-8) / (pm + 1e-8)));
			}
		}
	}
	const stat = (v: number[]) => {
		const x = [...v].sort((a, b) => a - b);
		const mean = x.reduce((a, b) => a + b, 0) / (x.length || 1);
		const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length || 1));
		return [mean, sd, x[Math.floor(x.length * 0.1)] ?? 0, x[Math.floor(x.length * 0.9)] ?? 0];
	};
	return [...stat(ratios.map(v => Math.max(-60, v))), ...stat(corrs), ...band.flatMap(v => stat(v.map(x => Math.max(-60, x))).slice(0, 2))];
}

function cached<T = number[]>(name: string, tracks: readonly LabTrack[], compute: (t: LabTrack) => T): T[] {
	const file = path.join(CACHE, `desc-${name}.json`);
	if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as T[];
	const start = performance.now();
	const values = tracks.map(compute);
	console.error(`${name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
	fs.writeFileSync(file, JSON.stringify(values));
	return values;
}

const SETTINGS: Record<string, SimilarityOptions & {metric?: 'euclidean' | 'cosine'}> = {
	'share ¾, cosine vector': {libraryShare: 0.75, metric: 'cosine'},
	'share ¾, no MP': {libraryShare: 0.75, mutualProximity: false},
	'share ¾, sample 40': {libraryShare: 0.75, sampleSize: 40},
};

// ---------- main ----------

function main(): void {
	const tracks = loadLab();
	const albums = tracks.map(t => t.album);
	const n = tracks.length;
	const existing = existingComponents(tracks);
	const base = [
		{matrix: existing['timbre']!, weight: 1},
		{matrix: existing['rhythm']!, weight: 0.5},
		{matrix: existing['vector']!, weight: 0.5},
	];
	report('kept (timbre 1, rhythm .5, vector .5, MP)', fuse(base, n), albums);
	const contrast = cached('contrast', tracks, t => spectralContrast(t));
	const sp = cached('sp', tracks, t => spectralPattern(t));
	const sp90 = cached('sp90', tracks, t => spectralPatternPercentile(t));
	const mel = cached('mel', tracks, t => melStats(t));
	const candidates: Record<string, Square> = {
		contrast: euclideanMatrix(contrast),
		'contrast L1': manhattanMatrix(contrast),
		'contrast c,v mean L1': manhattanMatrix(contrast.map(v => pick(v, [0, 2]))),
		'sp L1': manhattanMatrix(sp),
		'sp raw L1': manhattanMatrix(sp, false),
		'sp90 L1': manhattanMatrix(sp90),
		'sp90 raw L1': manhattanMatrix(sp90, false),
		'mel L1': manhattanMatrix(mel),
		'vector ranks': rankMatrix(tracks.map(t => t.analysis.vector)),
		'pattern ranks': rankMatrix(tracks.map(t => t.analysis.onsetPattern!)),
		cp: manhattanMatrix(cached('cp', tracks, t => correlationPattern(t))),
		'cp raw': manhattanMatrix(
			cached('cp', tracks, t => correlationPattern(t)),
			false,
		),
		g40: klMatrix(cached('g40', tracks, t => cepstralGaussian(t, 40, 20))),
		g26d: klMatrix(cached('g26d', tracks, t => cepstralGaussian(t, 26, 20, true))),
		g40d: klMatrix(cached('g40d', tracks, t => cepstralGaussian(t, 40, 20, true))),
		g26x13: klMatrix(cached('g26x13', tracks, t => cepstralGaussian(t, 26, 14))),
	};
	for (const name of ['g40', 'g26d', 'g40d', 'g26x13', 'cp', 'cp raw', 'vector ranks', 'pattern ranks']) report(`${name} alone`, candidates[name]!, albums);
	const mode = process.argv[2] ?? 'each';
	if (mode === 'boaw') {
		const kept = fuse(base, n);
		report('kept', kept, albums);
		const frames = tracks.map(t => mfccFrames(t, 26, 14));
		for (const block of [22, 43, 86]) {
			const g = frames.map(f => blockGaussian(f, 14, block));
			const m = klMatrix(g);
			report(`texture Gaussian, block ${block} alone`, m, albums);
			for (const w of [0.5, 1]) report(`kept + texture ${block} ×${w}`, fuse([...base, {matrix: m, weight: w}], n), albums);
		}
		for (const K of [32, 64, 128]) {
			const hist = bagOfFrames(frames, 13, K);
			const hell = euclideanMatrix(
				hist.map(h => h.map(Math.sqrt)),
				1e9,
			);
			report(`bag of frames K ${K}, Hellinger alone`, hell, albums);
			for (const w of [0.5, 1]) report(`kept + bag ${K} ×${w}`, fuse([...base, {matrix: hell, weight: w}], n), albums);
		}
		return;
	}
	if (mode === 'diffuse') {
		const kept = fuse(base, n);
		report('kept', kept, albums);
		for (const k of [5, 8, 10, 15, 20])
			for (const alpha of [0.5, 0.7, 0.8, 0.9, 0.95]) report(`diffusion k ${k} α ${alpha}`, diffuse(kept, n, k, alpha), albums);
		return;
	}
	if (mode === 'gate') {
		report('kept', fuse(base, n), albums);
		report('kept timbre alone', existing['timbre']!, albums);
		for (const below of [20, 30, 40, 60]) {
			const frames = tracks.map(t => {
				const f = mfccFrames(t, 26, 20, below);
				return blockGaussian(f, 20, 1);
			});
			const m = klMatrix(frames);
			report(`Gaussian, frames within ${below} dB of the loud end, alone`, m, albums);
			report(`kept with it as timbre`, fuse([{matrix: m, weight: 1}, base[1]!, base[2]!], n), albums);
		}
		return;
	}
	if (mode === 'neighbours') {
		const kept = fuse(base, n);
		const short = (i: number) => `${albums[i]!.slice(0, 8)}/${path.basename(tracks[i]!.path).slice(0, 22)}`;
		for (let i = 0; i < n; i++) {
			if (process.argv[3] && !albums[i]!.startsWith(process.argv[3])) continue;
			const order = Array.from({length: n}, (_, j) => j)
				.filter(j => j !== i)
				.sort((a, b) => kept[i * n + a]! - kept[i * n + b]!);
			console.log(short(i).padEnd(32), '→', order.slice(0, 5).map(short).join(' | '));
		}
		return;
	}
	if (mode === 'format') {
		const formats = tracks.map(t => path.extname(t.path));
		const kept = fuse(base, n);
		const f = precision(kept, formats);
		console.log('same-format P@5 under the kept distance', f.p5.toFixed(2), [...f.per.entries()].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' '));
		for (const [name, m] of Object.entries(existing)) {
			const g = precision(m, formats);
			console.log(`same-format P@5, ${name} alone`, g.p5.toFixed(2), [...g.per.entries()].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' '));
		}
		return;
	}
	if (mode === 'stereo') {
		const rows = cached('stereo', tracks, t => stereoFeatures(t.path));
		const subsets: Record<string, number[]> = {
			all: [...rows[0]!.keys()],
			ratio: [0, 1, 2, 3],
			corr: [4, 5, 6, 7],
			'ratio+corr mean': [0, 4],
			bands: [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
			'band means': [8, 10, 12, 14, 16, 18],
			'ratio mean,sd + band means': [0, 1, 8, 10, 12, 14, 16, 18],
		};
		for (const [name, which] of Object.entries(subsets)) {
			const m = euclideanMatrix(rows.map(r => pick(r, which)));
			report(`stereo ${name} alone`, m, albums);
			for (const w of [0.25, 0.5, 1]) report(`kept + stereo ${name} ×${w}`, fuse([...base, {matrix: m, weight: w}], n), albums);
		}
		return;
	}
	if (mode === 'settings') {
		settings(tracks, 'kept', {});
		for (const [label, options] of Object.entries(SETTINGS)) settings(tracks, label, options);
		return;
	}
	if (mode === 'each') {
		for (const [name, m] of Object.entries(candidates)) {
			report(`${name} alone`, m, albums);
			for (const w of [0.25, 0.5, 1]) report(`kept + ${name} ×${w}`, fuse([...base, {matrix: m, weight: w}], n), albums);
		}
	}
	if (mode === 'grid') {
		const names = process.argv.slice(3);
		const all: Record<string, Square> = {...existing, ...candidates};
		const levels = [0, 0.25, 0.5, 1];
		const results: Array<{label: string; p5: number; ok: boolean; m: Square}> = [];
		const total = levels.length ** names.length;
		for (let code = 0; code < total; code++) {
			let c = code;
			const weights = names.map(() => {
				const w = levels[c % levels.length]!;
				c = Math.floor(c / levels.length);
				return w;
			});
			if (weights.every(w => w === 0)) continue;
			for (const [mutual, global, shrink] of [
				[true, false, 0],
				[false, false, 0],
				[true, true, 0],
				[false, true, 0],
				[true, true, 0.5],
				[false, true, 0.5],
				[true, true, 0.75],
				[false, true, 0.75],
			] as const) {
				const m = fuse(
					names.map((name, i) => ({matrix: all[name]!, weight: weights[i]!})),
					n,
					mutual,
					global,
					shrink,
				);
				const {p5, per} = precision(m, albums);
				const ok = [...per.entries()].every(([album, value]) => value + 1e-9 >= V1_FLOOR[album]!);
				results.push({
					label: `${names.map((name, i) => `${name} ${weights[i]}`).join(', ')}${mutual ? ', MP' : ''}${global ? ', global' : ''}${shrink ? ' shrink ' + shrink : ''}`,
					p5,
					ok,
					m,
				});
			}
		}
		results.sort((a, b) => Number(b.ok) - Number(a.ok) || b.p5 - a.p5);
		for (const r of results.slice(0, 15)) report(r.label, r.m, albums);
	}
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
