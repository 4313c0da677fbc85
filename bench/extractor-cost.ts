/**
 * CPU cost of the feature extractor alone on real decoded audio: the part of analysis that similarity
 * descriptors add to. Tracks are decoded once (ffmpeg, mono float32 at 22050 Hz) into memory, then each
 * is pushed through a fresh extractor in 64 Ki-sample chunks; the figure is the median of `repeats`
 * passes of this process's CPU time. Takes the extractor class so that another build's can be measured
 * the same way.
 */
import {spawnSync} from 'node:child_process';

export type ExtractorClass = new (options: {sampleRate: number}) => {push(chunk: Float32Array): void; finish(): unknown};

export function decodeForBench(files: readonly string[], sampleRate = 22050): Float32Array[] {
	return files.map(file => {
		const result = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-'], {maxBuffer: 1 << 30});
		if (result.status !== 0) throw new Error(`ffmpeg could not decode ${file}`);
		const bytes = result.stdout as Buffer;
		return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length - (bytes.length % 4)));
	});
}

/** Median CPU seconds for one pass over the tracks, and the audio seconds they hold. */
export function extractorCost(
	Extractor: ExtractorClass,
	tracks: readonly Float32Array[],
	options: {sampleRate?: number; repeats?: number} = {},
): {cpuSeconds: number; audioSeconds: number} {
	const sampleRate = options.sampleRate ?? 22050;
	const passes: number[] = [];
	for (let r = 0; r < (options.repeats ?? 3); r++) {
		const before = process.cpuUsage();
		for (const samples of tracks) {
			const extractor = new Extractor({sampleRate});
			for (let start = 0; start < samples.length; start += 65_536) extractor.push(samples.slice(start, start + 65_536));
			extractor.finish();
		}
		const used = process.cpuUsage(before);
		passes.push((used.user + used.system) / 1e6);
	}
	passes.sort((a, b) => a - b);
	const audioSeconds = tracks.reduce((sum, samples) => sum + samples.length, 0) / sampleRate;
	return {cpuSeconds: passes[Math.floor(passes.length / 2)]!, audioSeconds};
}
