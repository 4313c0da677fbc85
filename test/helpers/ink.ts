import {stripAnsi} from './view.js';

/** Waits until the event loop has run pending timers and promises. */
export async function settle(ms = 40): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, ms));
}

/** The screen of an ink-testing-library instance once it has settled, and keys pressed one at a time. */
export function screenAndKeys(instance: {lastFrame(): string | undefined; stdin: {write(data: string): unknown}}) {
	const screen = async () => {
		await settle();
		return stripAnsi(instance.lastFrame() ?? '');
	};
	const press = async (...keys: string[]) => {
		await settle();
		for (const key of keys) {
			instance.stdin.write(key);
			await settle(10);
		}
		return screen();
	};
	return {screen, press};
}
