import type {SessionEvent, SessionListener} from '../../source/session/events.js';
import {applyLimitsChange, type Limits} from '../../source/config/limits.js';
import type {SessionPort} from '../../source/ui/session-port.js';
import {limits as defaultLimits} from './view.js';

/**
 * A session stand-in for UI tests: it validates limit changes as the real one does and emits the same
 * events, and records the commands it receives.
 */
export class FakeSession implements SessionPort {
	readonly calls: string[] = [];
	#listeners = new Set<SessionListener>();
	#limits: Limits;
	#paused = false;

	constructor(limits: Limits = defaultLimits) {
		this.#limits = {...limits};
	}

	get limits(): Limits {
		return {...this.#limits};
	}

	get paused(): boolean {
		return this.#paused;
	}

	on(listener: SessionListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	emit(event: SessionEvent): void {
		for (const listener of this.#listeners) listener(event);
	}

	setLimits(change: Partial<Limits>): boolean {
		this.calls.push(`setLimits ${JSON.stringify(change)}`);
		const result = applyLimitsChange(this.#limits, change);
		if (!result.ok) {
			this.emit({type: 'limits-rejected', errors: result.errors});
			return false;
		}
		this.#limits = result.limits;
		this.emit({type: 'limits', limits: this.limits, changed: result.changed, workers: this.#limits.workers});
		return true;
	}

	togglePause(): void {
		this.calls.push('togglePause');
		this.#paused = !this.#paused;
		this.emit({type: this.#paused ? 'paused' : 'resumed'});
	}

	skip(): void {
		this.calls.push('skip');
	}

	async forceGc(reason: 'threshold' | 'command' = 'command'): Promise<void> {
		this.calls.push(`forceGc ${reason}`);
		this.emit({type: 'gc-forced', reason, budgetUsedPercent: 40, heapBeforeBytes: 30 * 2 ** 20, heapAfterBytes: 20 * 2 ** 20});
	}

	stop(): void {
		this.calls.push('stop');
		this.emit({type: 'stopping'});
	}
}
