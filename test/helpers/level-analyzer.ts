import type {AnalyzerPool, TrackAnalyzer, TrackContext} from '../../source/analysis/analyzer.js';

/**
 * The simplest analyser: counts each track's samples on the session's own thread (optionally slowly),
 * and describes nothing. It lets the engine run and be tested without the feature extractors.
 */
export class LevelAnalyzerPool implements AnalyzerPool {
	/** Samples each track's analyser received, by path, once it finished. */
	readonly samples = new Map<string, number>();

	constructor(private readonly delayMs = 0) {}

	async open(track: TrackContext): Promise<TrackAnalyzer> {
		let samples = 0;
		const {delayMs} = this;
		return {
			push: async chunk => {
				samples += chunk.length;
				if (delayMs > 0) await new Promise(resolve => setTimeout(resolve, delayMs));
				return chunk.buffer as ArrayBuffer;
			},
			finish: async () => {
				this.samples.set(track.path, samples);
				return undefined;
			},
			abort() {},
		};
	}

	async forceGc(): Promise<void> {}

	onGc(): () => void {
		return () => {};
	}

	async close(): Promise<void> {}
}
