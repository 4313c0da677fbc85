import {applyLimitsChange, type Limits} from '../config/limits.js';
import type {SessionEvent, SessionListener, SessionSummary} from '../session/events.js';
import type {RoomGrant} from '../session/memory/room.js';
import type {AnalysisSession} from '../session/session.js';
import type {LiveSession} from '../ui/session-port.js';

/**
 * A session that the live view can show before it exists: the view draws its first frame while
 * ffmpeg is probed and the store opened. Listeners and commands given meanwhile reach the real
 * session once it is there (limits changed, a pause, a stop); if it cannot be made, run() rejects
 * with the reason.
 */
export class LateSession implements LiveSession {
	#session: AnalysisSession | undefined;
	readonly #ready: Promise<AnalysisSession>;
	readonly #listeners = new Set<SessionListener>();
	#limits: Limits;
	#pause = false;
	#stop = false;
	/** Processes watched beside the analysis (the preview's), each with how the real session lets it go once bound. */
	readonly #watched = new Map<number, (() => void) | undefined>();

	constructor(limits: Limits, created: Promise<AnalysisSession>) {
		this.#limits = {...limits};
		this.#ready = created.then(session => this.#bind(session));
		// The failure is run()'s to report.
		this.#ready.catch(() => {});
	}

	#bind(session: AnalysisSession): AnalysisSession {
		this.#session = session;
		session.on(event => this.#emit(event));
		session.setLimits(this.#limits);
		if (this.#pause) session.pause();
		if (this.#stop) session.stop();
		for (const pid of this.#watched.keys()) this.#watched.set(pid, session.watchProcess(pid));
		return session;
	}

	#emit(event: SessionEvent): void {
		for (const listener of this.#listeners) listener(event);
	}

	/** A line for the view's log from the start-up itself (waiting for the store…). */
	log(level: 'info' | 'warn' | 'error', message: string): void {
		this.#emit({type: 'log', level, message});
	}

	on(listener: SessionListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get limits(): Limits {
		return this.#session?.limits ?? {...this.#limits};
	}

	get paused(): boolean {
		return this.#session?.paused ?? this.#pause;
	}

	setLimits(change: Partial<Limits>): boolean {
		if (this.#session) return this.#session.setLimits(change);
		const result = applyLimitsChange(this.#limits, change);
		if (!result.ok) {
			this.#emit({type: 'limits-rejected', errors: result.errors});
			return false;
		}
		this.#limits = result.limits;
		return true;
	}

	togglePause(): void {
		if (this.#session) this.#session.togglePause();
		else this.#pause = !this.#pause;
	}

	skip(path?: string): void {
		this.#session?.skip(path);
	}

	async forceGc(reason: 'threshold' | 'command' = 'command'): Promise<void> {
		await this.#session?.forceGc(reason);
	}

	stop(): void {
		if (this.#session) this.#session.stop();
		else this.#stop = true;
	}

	kill(): void {
		if (this.#session) this.#session.kill();
		else this.#stop = true;
	}

	/** Room in the budget beside the analysis (AnalysisSession.makeRoom), once the session is there. */
	async makeRoom(bytes: number, what: string): Promise<RoomGrant> {
		return (await this.#ready).makeRoom(bytes, what);
	}

	/** Counts process `pid` in the session's memory readings, from when the session is there, until the returned function is called. */
	watchProcess(pid: number): () => void {
		this.#watched.set(pid, this.#session?.watchProcess(pid));
		return () => {
			this.#watched.get(pid)?.();
			this.#watched.delete(pid);
		};
	}

	async run(): Promise<SessionSummary> {
		return (await this.#ready).run();
	}
}
