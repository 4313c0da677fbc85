import fs from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {WorkerAnalyzerPool} from '../../source/analysis/worker-pool.js';
import {locateFfmpeg} from '../../source/audio/ffmpeg-locate.js';
import {ffmpeg, synth, tempDir} from '../helpers/fixtures.js';
import {buggyEncoderOgg} from '../helpers/buggy-ogg.js';
import {createTestSession, ofType} from '../helpers/session.js';
import {formatStats, statsReport} from '../../source/commands/stats.js';
import {openTempStore} from '../store/helpers.js';

const BUNDLED_FFMPEG = path.resolve('node_modules/@ffmpeg-installer/linux-x64/ffmpeg');

/** A library of a good MP3 and two Ogg Vorbis files from a buggy encoder, one of them truncated. */
function library(dir: string): void {
	synth(path.join(dir, 'good.mp3'), 'sine=f=330:d=4', ['-c:a', 'libmp3lame']);
	const ogg = synth(path.join(dir, 'tmp', 'good.ogg'), 'sine=f=440:d=8', ['-ac', '2', '-ar', '44100', '-c:a', 'libvorbis', '-metadata', 'title=Old Rip']);
	const buggy = buggyEncoderOgg(fs.readFileSync(ogg));
	fs.writeFileSync(path.join(dir, 'buggy.ogg'), buggy);
	fs.writeFileSync(path.join(dir, 'buggy-cut.ogg'), buggy.subarray(0, Math.floor(buggy.length * 0.6)));
	fs.rmSync(path.join(dir, 'tmp'), {recursive: true});
}

/** The real analyser: the decoder is kept with the analysis it made. */
function realPool(t: ExecutionContext): WorkerAnalyzerPool {
	const pool = new WorkerAnalyzerPool({workers: 1, frameSize: 1024, hopSize: 512});
	t.teardown(async () => pool.close());
	return pool;
}

const ffmpegs = [ffmpeg(), BUNDLED_FFMPEG].filter(file => fs.existsSync(file));

for (const binary of ffmpegs) {
	test(`every track of a library with Ogg files ffmpeg refuses is analysed, each saying which decoder read it (${binary})`, async t => {
		const dir = tempDir(t);
		library(dir);
		const dbFile = path.join(tempDir(t), 'library.db');
		const store = await openTempStore(t, {}, dbFile);
		const {session, events} = createTestSession(dir, {store, pool: realPool(t), ffmpeg: locateFfmpeg({path: binary, source: 'test'})});
		const summary = await session.run();
		t.is(summary.failed, 0, JSON.stringify(ofType(events, 'track-failed')));
		t.is(summary.tracks, 3);
		const done = Object.fromEntries(ofType(events, 'track-done').map(event => [path.basename(event.path), event]));
		t.is(done['good.mp3']!.analysis!.decoder, 'ffmpeg');
		t.is(done['good.mp3']!.analysis!.ffmpegError, undefined);
		const buggy = done['buggy.ogg']!;
		t.is(buggy.analysis!.decoder, 'ogg-vorbis');
		t.regex(buggy.analysis!.ffmpegError!, /^ffmpeg cannot read this Ogg's headers \(ffmpeg: Header processing failed/);
		t.true(Math.abs(buggy.durationSeconds - 8) < 0.05, `${buggy.durationSeconds} s`);
		t.false(buggy.partial);
		t.is(buggy.tags.title, 'Old Rip');
		// Analysed as far as it goes. An Ogg's length is its last page's, for ffmpeg as here: not flagged partial.
		const cut = done['buggy-cut.ogg']!;
		t.is(cut.analysis!.decoder, 'ogg-vorbis');
		t.true(cut.durationSeconds > 3 && cut.durationSeconds < 6, `${cut.durationSeconds} s`);
		const warnings = ofType(events, 'log').map(event => event.message);
		t.true(warnings.some(line => /buggy\.ogg: read by ogg-vorbis after ffmpeg refused it: ffmpeg cannot read this Ogg's headers/.test(line)));
		// The store keeps the decoder with the analysis.
		const stored = store.track(path.join(dir, 'buggy.ogg'))!;
		t.is(stored.analysis?.decoder, 'ogg-vorbis');
		t.is(store.track(path.join(dir, 'good.mp3'))!.analysis?.decoder, 'ffmpeg');
		// stats says it too, in words and in JSON.
		const report = await statsReport(dbFile);
		t.deepEqual(report.decoders, [
			{decoder: 'ogg-vorbis', count: 2},
			{decoder: 'ffmpeg', count: 1},
		]);
		t.deepEqual(
			report.readByOthers.map(track => [path.basename(track.path), track.decoder]),
			[
				['buggy-cut.ogg', 'ogg-vorbis'],
				['buggy.ogg', 'ogg-vorbis'],
			],
		);
		t.regex(
			formatStats(report),
			/Decoders {2}ogg-vorbis 2, ffmpeg 1\n.*buggy-cut\.ogg: read by ogg-vorbis after ffmpeg refused it: ffmpeg cannot read this Ogg's headers/,
		);
	});
}

test('without ffmpeg the second decoder reads what it can; the rest fails saying ffmpeg is missing', async t => {
	const dir = tempDir(t);
	library(dir);
	const ffmpeg = locateFfmpeg(undefined, []);
	t.is(ffmpeg.path, '');
	t.regex(ffmpeg.missing!, /No ffmpeg found.*Only Ogg Vorbis files can be analysed without it[\s\S]*apt install ffmpeg/);
	const {session, events} = createTestSession(dir, {ffmpeg, pool: realPool(t)});
	const summary = await session.run();
	t.is(summary.tracks, 2);
	t.deepEqual(
		ofType(events, 'track-failed').map(event => [path.basename(event.path), event.message]),
		[['good.mp3', 'ffmpeg is missing, and ogg-vorbis reads only Ogg Vorbis files']],
	);
	const [buggy] = ofType(events, 'track-done').filter(event => path.basename(event.path) === 'buggy.ogg');
	t.is(buggy!.analysis!.decoder, 'ogg-vorbis');
	t.is(buggy!.analysis!.ffmpegError, 'ffmpeg is missing');
	t.true(Math.abs(buggy!.durationSeconds - 8) < 0.05);
	const warnings = ofType(events, 'log').map(event => event.message);
	t.true(warnings.some(line => /No ffmpeg found/.test(line)));
	t.true(warnings.some(line => /buggy\.ogg: read by ogg-vorbis \(ffmpeg is missing\)/.test(line)));
});
