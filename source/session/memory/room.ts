import type {MemorySample} from '../../memory/monitor.js';
import {formatBytes} from '../../util/units.js';

/**
 * Room in the memory budget for something beside the analysis in this process (the playlists preview:
 * at 40,000 tracks its build takes about 270 MiB). When the budget has that room free it is granted at
 * once and the analysis goes on beside it; when it has not, the analysis is held at its next chunk,
 * what it has in flight is analysed, and the room is granted once memory has come down far enough, or
 * once nothing more can come down (then the request runs over the budget, and says so). A held
 * analysis resumes when the room is given back.
 */

/** What the room asks about the run; the session answers. */
export type RoomHost = {
	/** Fresh readings (the room the budget has free now), and the timer's. */
	monitor: {sample(): Promise<Pick<MemorySample, 'availableBytes'>>; onSample(listener: () => void): () => void};
	/** Holds the analysis at its next chunk (the session's chunk loop waits on it). */
	hold: {pause(): void; resume(): void};
	/** Decoded audio handed out and not yet analysed. */
	inFlightBytes(): number;
	/** Whether tracks are being analysed (or wait to be): something a hold would stop. */
	analysing(): boolean;
	/** A full collection, so that what the held analysis let go of is counted as free. */
	collect(): Promise<void>;
	log(level: 'info' | 'warn', message: string): void;
};

/** What to do about a request, from what memory and the run look like now. Pure. */
export type RoomVerdict = 'grant' | 'hold' | 'wait' | 'grant-over';

export function roomVerdict(now: {needBytes: number; availableBytes: number; analysing: boolean; held: boolean; drained: boolean}): RoomVerdict {
	if (now.availableBytes >= now.needBytes) return 'grant';
	if (!now.analysing) return 'grant-over';
	if (!now.held) return 'hold';
	return now.drained ? 'grant-over' : 'wait';
}

/** Room granted; release() gives it back (and resumes the analysis if it was held for it). Idempotent. */
export type RoomGrant = {release(): void; /** The analysis is held until release(). */ held: boolean};

/** A held analysis whose chunk in flight never drains (a stuck decoder) still grants after this many samples. */
const MAX_WAIT_SAMPLES = 240;

export class MemoryRoom {
	#holders = 0;
	#granted = 0;
	readonly #watched = new Set<number>();

	constructor(private readonly host: RoomHost) {}

	/** Whether the analysis is held for a request now. */
	get holding(): boolean {
		return this.#holders > 0;
	}

	/**
	 * Whether memory readings now hold more than the analysis (room granted, or a process of its own
	 * watched): they then say nothing of what the analysis itself costs (the floor is not measured from them).
	 */
	get besideAnalysis(): boolean {
		return this.#granted > 0 || this.#watched.size > 0;
	}

	/** Processes beside the analysis whose memory the readings count (the preview's, while it runs). */
	get watchedPids(): number[] {
		return [...this.#watched];
	}

	/** Counts process `pid` in the memory readings, as the decoders are, until the returned function is called. */
	watch(pid: number): () => void {
		this.#watched.add(pid);
		return () => this.#watched.delete(pid);
	}

	/** Resolves once `bytes` for `what` fit beside the analysis, holding it if they must (see above). */
	async make(bytes: number, what: string): Promise<RoomGrant> {
		const {host} = this;
		let held = false;
		for (let samples = 0; ; samples++) {
			const available = await this.#available();
			const drained = held && host.inFlightBytes() === 0;
			let verdict = roomVerdict({needBytes: bytes, availableBytes: available, analysing: host.analysing(), held, drained});
			if (verdict === 'wait' && samples >= MAX_WAIT_SAMPLES) verdict = 'grant-over';
			if (verdict === 'hold') {
				held = true;
				if (this.#holders++ === 0) host.hold.pause();
				host.log(
					'info',
					`analysis held at its next chunk: ${what} needs about ${formatBytes(bytes)} and the budget has ${formatBytes(available)} free; it resumes when ${what} closes`,
				);
			}
			if (verdict === 'wait' || verdict === 'hold') {
				await this.#nextSample();
				continue;
			}
			if (verdict === 'grant-over') {
				// Nothing more will come down: count what the collector can free before saying how far over it runs.
				await host.collect();
				const free = await this.#available();
				if (free < bytes)
					host.log(
						'warn',
						`${what} needs about ${formatBytes(bytes)}, more than the budget leaves${held ? ' with the analysis held' : ''} (${formatBytes(free)} free): memory runs over the budget until it closes`,
					);
			}
			return this.#grant(held, what);
		}
	}

	async #available(): Promise<number> {
		return (await this.host.monitor.sample()).availableBytes;
	}

	async #nextSample(): Promise<void> {
		return new Promise<void>(resolve => {
			const stop = this.host.monitor.onSample(() => {
				stop();
				resolve();
			});
		});
	}

	#grant(held: boolean, what: string): RoomGrant {
		let released = false;
		this.#granted++;
		return {
			held,
			release: () => {
				if (released) return;
				released = true;
				this.#granted--;
				if (held && --this.#holders === 0) {
					this.host.hold.resume();
					this.host.log('info', `analysis resumes: ${what} closed`);
				}
			},
		};
	}
}
