/**
 * Runs the streaming engine alone (decode and chunk, with the trivial level analyser) over one folder
 * and prints its summary as JSON: a fresh process per measurement, so peak memory is its own.
 */
import {locateFfmpeg} from '../source/audio/ffmpeg-locate.js';
import {AUDIO_EXTENSIONS} from '../source/config/options.js';
import {detectTotalMemory} from '../source/scheduler/memory-total.js';
import {LevelAnalyzerPool} from '../source/session/analyzer.js';
import {AnalysisSession} from '../source/session/session.js';

const [root, ram] = process.argv.slice(2);
const session = new AnalysisSession({
	root: root!,
	limits: {
		memoryLimitPercent: 50,
		chunkSeconds: 15,
		minChunkSeconds: 5,
		maxChunkSeconds: 30,
		gcThresholdPercent: 90,
		monitorIntervalChunks: 5,
		monitoringEnabled: true,
		workers: 1,
	},
	ffmpeg: locateFfmpeg(),
	total: detectTotalMemory({ram: ram ? Number(ram) : undefined}),
	pool: new LevelAnalyzerPool(),
	sampleRate: 22_050,
	extensions: AUDIO_EXTENSIONS,
	sampleIntervalMs: 100,
});
let maxChunkBytes = 0;
session.on(event => {
	if (event.type === 'chunk') maxChunkBytes = Math.max(maxChunkBytes, event.bytes);
	if (event.type === 'track-failed') console.error(`failed: ${event.path}: ${event.message}`);
});
const summary = await session.run();
console.log(JSON.stringify({...summary, maxChunkBytes}));
