/** Waits until the event loop has run pending timers and promises. */
export async function settle(ms = 40): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, ms));
}
