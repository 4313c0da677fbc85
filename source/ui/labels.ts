import type {Limits} from '../config/limits.js';
import type {GcEvent, GcKind} from '../memory/gc.js';
import {milliseconds} from './format.js';
import type {GcTotals, ViewState} from './state.js';

/** Words for what the view shows: the names of the limits and their values, GC events. */

export const LIMIT_LABELS: Record<keyof Limits, string> = {
	memoryLimitPercent: 'limit',
	chunkSeconds: 'chunk',
	minChunkSeconds: 'min chunk',
	maxChunkSeconds: 'max chunk',
	gcThresholdPercent: 'GC threshold',
	monitorIntervalChunks: 'monitor interval',
	monitoringEnabled: 'monitoring',
	workers: 'workers',
};

export function limitValueText(key: keyof Limits, value: Limits[keyof Limits]): string {
	switch (key) {
		case 'memoryLimitPercent':
		case 'gcThresholdPercent':
			return `${String(value)}%`;
		case 'chunkSeconds':
		case 'minChunkSeconds':
		case 'maxChunkSeconds':
			return `${String(value)} s`;
		case 'monitorIntervalChunks':
			return `every ${String(value)} chunks`;
		case 'monitoringEnabled':
			return value ? 'on' : 'off';
		default:
			return String(value);
	}
}

export function gcKindsInOrder(state: ViewState): Array<[GcKind, GcTotals]> {
	const order: GcKind[] = ['minor', 'major', 'incremental', 'weakcb', 'unknown'];
	return order.filter(kind => state.gc.byKind[kind]).map(kind => [kind, state.gc.byKind[kind]!]);
}

export function gcEventText(gc: GcEvent): string {
	// Routine scavenges (one per chunk, to free pipe buffers) are the session's housekeeping, not an event.
	const mark = gc.routine ? ' per chunk' : gc.forced ? ' forced' : '';
	return `${gc.kind} ${milliseconds(gc.durationMs)}${mark}${gc.thread === 'worker' ? ' (worker)' : ''}`;
}
