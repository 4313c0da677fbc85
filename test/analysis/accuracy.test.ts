import path from 'node:path';
import test from 'ava';
import {TrackFeatureExtractor} from '../../source/analysis/track-features.js';
import {tempDir} from '../helpers/fixtures.js';
import {accuracy1, accuracy2, accuracyRecipes, decode, renderRecipes} from '../helpers/music.js';

const SR = 22050;

test('tempo and key of generated tracks of known tempo (70–180 BPM) and key (major and minor)', async t => {
	const dir = tempDir(t);
	// Twelve 10 s tracks: click/kick/hat patterns over I–IV–V–I or i–iv–v–i, three timbres, rendered by ffmpeg.
	const manifest = await renderRecipes(accuracyRecipes(12, {seconds: 10}), dir);
	let tempo1 = 0;
	let tempo2 = 0;
	let keys = 0;
	const report: string[] = [];
	for (const entry of manifest) {
		const samples = decode(path.join(dir, entry.file), SR);
		const extractor = new TrackFeatureExtractor({sampleRate: SR});
		// Uneven chunks, as the session sends them.
		for (let offset = 0, i = 0; offset < samples.length; i++) {
			const length = [SR * 3, 12_345, SR * 4][i % 3]!;
			extractor.push(samples.slice(offset, offset + length));
			offset += length;
		}
		const features = extractor.finish();
		tempo1 += Number(accuracy1(features.bpm, entry.bpm));
		tempo2 += Number(accuracy2(features.bpm, entry.bpm));
		keys += Number(features.key === entry.key);
		report.push(`${entry.file}: ${entry.bpm} BPM ${entry.key} → ${features.bpm} BPM ${features.key}`);
	}
	t.log(report.join('\n'));
	t.true(tempo1 / manifest.length >= 0.9, `Accuracy1 ${tempo1}/${manifest.length}`);
	t.is(tempo2, manifest.length, `Accuracy2 ${tempo2}/${manifest.length}`);
	t.true(keys / manifest.length >= 0.8, `key ${keys}/${manifest.length}`);
});
