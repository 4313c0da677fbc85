/**
 * The analysis worker thread: one track at a time, chunk by chunk, with the frame features, summaries,
 * tempo and key computed here so that the main thread (the UI, the session) never waits on them.
 * Started by WorkerAnalyzerPool (worker-pool.ts); speaks the protocol in worker-protocol.ts.
 */
import {parentPort, type MessagePort} from 'node:worker_threads';
import {forceGc, observeGc} from '../memory/gc.js';
import {TrackFeatureExtractor} from './track-features.js';
import type {FromWorker, ToWorker} from './worker-protocol.js';
import {errorMessage} from '../util/error-message.js';

export function serveAnalysis(port: MessagePort): void {
	let track: number | undefined;
	let extractor: TrackFeatureExtractor | undefined;
	const send = (message: FromWorker) => port.postMessage(message);
	observeGc(event => send({type: 'gc-event', event}), 'worker');

	const fail = (id: number, error: unknown) => {
		send({type: 'failed', track: id, message: errorMessage(error)});
		if (track === id) {
			track = undefined;
			extractor = undefined;
		}
	};

	port.on('message', (message: ToWorker) => {
		switch (message.type) {
			case 'open':
				track = message.track;
				try {
					extractor = new TrackFeatureExtractor(message.options);
				} catch (error) {
					fail(message.track, error);
				}
				break;
			case 'push':
				// Chunks of a track dropped meanwhile are released unread.
				if (message.track === track && extractor) {
					try {
						extractor.push(new Float32Array(message.buffer, message.byteOffset, message.length));
					} catch (error) {
						fail(message.track, error);
						break;
					}
				}
				port.postMessage({type: 'pushed', track: message.track, seq: message.seq, buffer: message.buffer} satisfies FromWorker, [message.buffer]);
				break;
			case 'finish':
				if (message.track === track && extractor) {
					try {
						send({type: 'result', track: message.track, analysis: extractor.finish()});
					} catch (error) {
						fail(message.track, error);
					}
				}
				track = undefined;
				extractor = undefined;
				break;
			case 'abort':
				if (message.track === track) {
					track = undefined;
					extractor = undefined;
				}
				break;
			case 'gc':
				forceGc();
				send({type: 'gc-done', id: message.id});
				break;
		}
	});
}

if (parentPort) serveAnalysis(parentPort);
