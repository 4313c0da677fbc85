/**
 * Where the session's events go: its listeners, each shielded from the others, and the settings epochs
 * the events open and close (an epoch that a change of limits ends is reported before the change).
 */
import {closeEpoch, emptyEpochLog, observeEpochs, type Epoch, type EpochLog} from './epochs.js';
import type {SessionEvent, SessionListener} from './events.js';
import {errorMessage} from '../util/error-message.js';

export class EventHub {
	#listeners = new Set<SessionListener>();
	#log: EpochLog = emptyEpochLog();
	#epochs: Epoch[] = [];

	on(listener: SessionListener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Settings epochs closed so far, in order. */
	get epochs(): readonly Epoch[] {
		return [...this.#epochs];
	}

	emit(event: SessionEvent): void {
		const {log, closed} = observeEpochs(this.#log, event, performance.now());
		this.#log = log;
		if (closed) this.#closed(closed);
		this.#deliver(event);
	}

	/** Closes the epoch still open at the end of the run. */
	closeLast(): void {
		const last = closeEpoch(this.#log, performance.now());
		this.#log = last.log;
		if (last.closed) this.#closed(last.closed);
	}

	#closed(epoch: Epoch): void {
		this.#epochs.push(epoch);
		this.#deliver({type: 'epoch', epoch});
	}

	#deliver(event: SessionEvent): void {
		for (const listener of this.#listeners) {
			try {
				listener(event);
			} catch (error) {
				// A broken view must not break the analysis; say so once through the others.
				process.emitWarning(`session listener failed on ${event.type}: ${errorMessage(error)}`);
			}
		}
	}
}
