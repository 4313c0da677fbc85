/** Waits until `condition` holds, checking every `stepMs`; resolves with whether it came true in time. */
export async function waitFor(condition: () => boolean, timeoutMs = 15_000, stepMs = 20): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (condition()) return true;
		await new Promise(resolve => setTimeout(resolve, stepMs));
	}
	return condition();
}
