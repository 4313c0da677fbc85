import type {Limits} from '../config/limits.js';
import type {Action} from './keymap.js';
import type {SessionPort} from './session-port.js';
import type {UiEvent} from './state.js';
import {errorMessage} from '../util/error-message.js';

export const LIMIT_STEP_PERCENT = 5;
export const CHUNK_STEP_SECONDS = 1;
export const MAX_CHUNK_STEP_SECONDS = 5;

/**
 * The change of limits a key asks for, from the limits in force. Memory steps land on multiples of 5;
 * lowering the longest chunk below the chunk length brings that down too. The session validates the
 * result (a rejected change is an event the log shows).
 */
export function limitChange(action: Action, limits: Limits): Partial<Limits> | undefined {
	switch (action) {
		case 'limit-up':
			return {memoryLimitPercent: Math.min(100, Math.floor(limits.memoryLimitPercent / LIMIT_STEP_PERCENT) * LIMIT_STEP_PERCENT + LIMIT_STEP_PERCENT)};
		case 'limit-down':
			return {memoryLimitPercent: Math.max(1, Math.ceil(limits.memoryLimitPercent / LIMIT_STEP_PERCENT) * LIMIT_STEP_PERCENT - LIMIT_STEP_PERCENT)};
		case 'chunk-up':
			return {chunkSeconds: limits.chunkSeconds + CHUNK_STEP_SECONDS};
		case 'chunk-down':
			return {chunkSeconds: limits.chunkSeconds - CHUNK_STEP_SECONDS};
		case 'max-up':
			return {maxChunkSeconds: limits.maxChunkSeconds + MAX_CHUNK_STEP_SECONDS};
		case 'max-down': {
			const max = limits.maxChunkSeconds - MAX_CHUNK_STEP_SECONDS;
			return max < limits.chunkSeconds ? {maxChunkSeconds: max, chunkSeconds: max} : {maxChunkSeconds: max};
		}
		default:
			return undefined;
	}
}

export type CommandContext = {
	session: SessionPort;
	log: (event: UiEvent) => void;
	saveLimits?: ((limits: Limits) => Promise<string>) | undefined;
};

/** Runs a session command for a key. Returns false for actions the caller handles (overlays, quit). */
export function runCommand(action: Action, {session, log, saveLimits}: CommandContext): boolean {
	const change = limitChange(action, session.limits);
	if (change) {
		session.setLimits(change);
		return true;
	}
	switch (action) {
		case 'gc':
			session.forceGc('command').catch((error: unknown) => log({type: 'ui-log', level: 'error', text: `GC failed: ${errorMessage(error)}`}));
			return true;
		case 'pause':
			session.togglePause();
			return true;
		case 'skip':
			session.skip();
			return true;
		case 'save': {
			if (!saveLimits) {
				log({type: 'ui-log', level: 'warn', text: 'S unavailable: this build cannot save settings'});
				return true;
			}
			const limits = session.limits;
			saveLimits(limits).then(
				file => log({type: 'ui-log', level: 'info', text: `limits saved to ${file}`}),
				(error: unknown) => log({type: 'ui-log', level: 'error', text: `cannot save: ${errorMessage(error)}`}),
			);
			return true;
		}
		default:
			return false;
	}
}
