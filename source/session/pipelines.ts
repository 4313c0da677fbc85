import type {ScannedImage as ScannedTrack} from '../library/track.js';

export type PipelinesHost = {
	/** Analyses one track to its end (never rejects). */
	analyse(track: ScannedTrack, index: number, total: number): Promise<void>;
	/** How many tracks may be in work at once now. */
	target(): number;
	stopping(): boolean;
};

/**
 * The queue of tracks to analyse and the pipelines that work it: each pipeline takes the next track
 * when its previous one ends. The number of pipelines follows the budget: more start when it grows
 * (fill), and a pipeline retires when it now allows fewer.
 */
export class Pipelines {
	#queue: ScannedTrack[] = [];
	#total = 0;
	#nextIndex = 0;
	#running = 0;
	#allDone: (() => void) | undefined;

	constructor(private readonly host: PipelinesHost) {}

	/** Works through `tracks`; resolves when every one has ended, or the session has stopped. */
	async run(tracks: readonly ScannedTrack[]): Promise<void> {
		this.#queue = [...tracks];
		this.#total = tracks.length;
		if (this.host.stopping() || this.#queue.length === 0) return;
		const finished = new Promise<void>(resolve => {
			this.#allDone = resolve;
		});
		this.fill();
		await finished;
	}

	/** Forgets the tracks not started yet. */
	clear(): void {
		this.#queue = [];
	}

	/** Starts pipelines up to the target. */
	fill(): void {
		while (!this.host.stopping() && this.#running < this.host.target() && this.#queue.length > 0) {
			this.#running++;
			void this.#pipeline();
		}
	}

	async #pipeline(): Promise<void> {
		try {
			while (!this.host.stopping() && this.#queue.length > 0 && this.#running <= this.host.target()) {
				const track = this.#queue.shift()!;
				await this.host.analyse(track, this.#nextIndex++, this.#total);
			}
		} finally {
			this.#running--;
			if (this.#running === 0) {
				if (this.#queue.length > 0 && !this.host.stopping()) this.fill();
				else this.#allDone?.();
			}
		}
	}
}
