// Runs the full analysis (decode + features in worker threads) on a folder, from the built dist/ (the
// code users run), and prints one JSON line: the session summary and each track's tempo and key.
// One fresh process per measurement.
import {WorkerAnalyzerPool} from '../dist/analysis/worker-pool.js';
import {locateFfmpeg} from '../dist/audio/ffmpeg-locate.js';
import {AUDIO_EXTENSIONS} from '../dist/config/options.js';
import {detectTotalMemory} from '../dist/memory/total.js';
import {defaultLimits} from '../dist/config/limits.js';
import {AnalysisSession} from '../dist/session/session.js';

const [root, workersText, engine = 'fast'] = process.argv.slice(2);
const workers = Number(workersText);
const pool = new WorkerAnalyzerPool({workers, engine, frameSize: 1024, hopSize: 512});
const session = new AnalysisSession({
	root,
	limits: {...defaultLimits(), workers},
	ffmpeg: locateFfmpeg(),
	total: detectTotalMemory(),
	pool,
	sampleRate: 22_050,
	extensions: AUDIO_EXTENSIONS,
});
const tracks = [];
session.on(event => {
	if (event.type === 'track-done') tracks.push({path: event.path, bpm: event.analysis?.bpm, key: event.analysis?.key});
	if (event.type === 'track-failed') console.error(`failed: ${event.path}: ${event.message}`);
});
const summary = await session.run();
await pool.close();
console.log(JSON.stringify({summary, tracks}));
