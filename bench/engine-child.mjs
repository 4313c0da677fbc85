// Runs the streaming engine alone, from the built dist/ (the code users run): scan, decode, chunk;
// the consumer hands each chunk straight back. Prints the summary as JSON. One fresh process per
// measurement, so that peak memory is its own. Also reports, once at the end, how much of node's own
// executable is resident: those clean file pages grow once, when V8's optimising compiler first runs
// (about a minute into a run on Node 24: some 6 MiB of code a 3-minute track never reaches).
import fs from 'node:fs';
import {locateFfmpeg} from '../dist/audio/ffmpeg-locate.js';
import {AUDIO_EXTENSIONS} from '../dist/config/options.js';
import {detectTotalMemory} from '../dist/memory/total.js';
import {defaultLimits} from '../dist/config/limits.js';
import {AnalysisSession} from '../dist/session/session.js';

/** Decode-and-chunk only: each chunk is consumed at once and its buffer given back for reuse. */
const nullPool = {
	open: async () => ({push: async chunk => chunk.buffer, finish: async () => undefined, abort() {}}),
	forceGc: async () => {},
	onGc: () => () => {},
	close: async () => {},
};

const [root, ram] = process.argv.slice(2);
const session = new AnalysisSession({
	root,
	limits: {...defaultLimits(), workers: 1},
	ffmpeg: locateFfmpeg(),
	total: detectTotalMemory({ram: ram ? Number(ram) : undefined}),
	pool: nullPool,
	sampleRate: 22_050,
	extensions: AUDIO_EXTENSIONS,
});
let maxChunkBytes = 0;
session.on(event => {
	if (event.type === 'chunk') maxChunkBytes = Math.max(maxChunkBytes, event.bytes);
	if (event.type === 'track-failed') console.error(`failed: ${event.path}: ${event.message}`);
});
const summary = await session.run();
/** Resident bytes of node's executable file (Linux; 0 where smaps cannot be read). */
function executableRss() {
	try {
		const executable = fs.realpathSync(process.execPath);
		let kib = 0;
		let inExecutable = false;
		for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
			if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) inExecutable = line.endsWith(executable);
			else if (inExecutable && line.startsWith('Rss:')) kib += Number(line.split(/\s+/)[1]);
		}
		return kib * 1024;
	} catch {
		return 0;
	}
}
console.log(JSON.stringify({...summary, maxChunkBytes, executableRssBytes: executableRss()}));
