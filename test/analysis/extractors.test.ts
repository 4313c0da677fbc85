import {execFileSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

test('Meyda is loaded only when its extractor is asked for: the fast path never loads it', t => {
	// A fresh process, so that no other test has loaded Meyda already.
	const script = `
		import {createRequire} from 'node:module';
		import {TrackFeatureExtractor} from './source/analysis/track-features.ts';
		const loaded = () => Object.keys(createRequire(import.meta.url).cache).some(file => file.includes('/node_modules/meyda/'));
		const samples = Float32Array.from({length: 22050}, (_, i) => Math.sin(i / 10));
		const fast = new TrackFeatureExtractor({sampleRate: 22050});
		fast.push(samples);
		fast.finish();
		const afterFast = loaded();
		const meyda = new TrackFeatureExtractor({sampleRate: 22050, engine: 'meyda'});
		meyda.push(samples);
		meyda.finish();
		console.log(JSON.stringify({afterFast, afterMeyda: loaded()}));
	`;
	const output = execFileSync(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], {cwd: repoRoot, encoding: 'utf8'});
	t.deepEqual(JSON.parse(output), {afterFast: false, afterMeyda: true});
});
