import test from 'ava';
import {WorkerAnalyzerPool} from '../../source/analysis/worker-pool.js';
import {VECTOR_LENGTH} from '../../source/analysis/vector.js';
import {locateFfmpeg} from '../../source/audio/ffmpeg-locate.js';
import {resolveConfig} from '../../source/config/resolve.js';
import {detectTotalMemory} from '../../source/memory/total.js';
import type {SessionEvent} from '../../source/session/events.js';
import {pickLimits} from '../../source/config/limits.js';
import {AnalysisSession} from '../../source/session/session.js';
import {bundledManifest, mediaDir} from '../helpers/fixtures.js';

test('a session with the worker pool reports tempo, key and vector for the bundled tracks', async t => {
	const {config} = resolveConfig([]);
	const pool = new WorkerAnalyzerPool({workers: 2, frameSize: config.frameSize, hopSize: config.hopSize});
	t.teardown(() => pool.close());
	const session = new AnalysisSession({
		root: mediaDir,
		// Short chunks, so that every track crosses chunk boundaries.
		limits: {...pickLimits(config), workers: 2, monitoringEnabled: false, chunkSeconds: 7, minChunkSeconds: 1},
		ffmpeg: locateFfmpeg(),
		total: detectTotalMemory(),
		pool,
		sampleRate: config.sampleRate,
		extensions: config.extensions,
	});
	const events: SessionEvent[] = [];
	session.on(event => events.push(event));
	const summary = await session.run();
	const manifest = bundledManifest();
	t.is(summary.tracks, manifest.length);
	t.is(summary.failed, 0);
	let tempoRight = 0;
	for (const entry of manifest) {
		const done = events.find(event => event.type === 'track-done' && event.path.endsWith(entry.file));
		if (done?.type !== 'track-done') return t.fail(`${entry.file} not analysed`);
		t.true(done.durationSeconds > entry.seconds - 0.5, `${entry.file}: duration ${done.durationSeconds}`);
		t.true(done.chunks >= 2);
		const analysis = done.analysis!;
		t.is(analysis.key, entry.key, entry.file);
		tempoRight += Number(Math.abs(analysis.bpm - entry.bpm) <= 0.04 * entry.bpm);
		t.is(analysis.vector.length, VECTOR_LENGTH);
		t.true(analysis.vector.every(value => Number.isFinite(value)));
	}
	t.true(tempoRight >= manifest.length - 1, `tempo right on ${tempoRight}/${manifest.length}`);
});
