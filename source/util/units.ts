/** Sizes, durations and speeds: parsed from what people type, formatted for what they read. */

const UNITS: Record<string, number> = {
	'': 1,
	b: 1,
	k: 1024,
	kb: 1024,
	kib: 1024,
	m: 1024 ** 2,
	mb: 1024 ** 2,
	mib: 1024 ** 2,
	g: 1024 ** 3,
	gb: 1024 ** 3,
	gib: 1024 ** 3,
	t: 1024 ** 4,
	tb: 1024 ** 4,
	tib: 1024 ** 4,
};

/** Parses "512M", "2G", "1.5GiB", "1048576" into bytes (binary units, as `free -h` shows). */
export function parseSize(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
	if (!match) return undefined;
	const factor = UNITS[match[2]!.toLowerCase()];
	if (factor === undefined) return undefined;
	const bytes = Math.round(Number(match[1]) * factor);
	return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

export function formatBytes(bytes: number): string {
	const abs = Math.abs(bytes);
	if (abs < 1024) return `${Math.round(bytes)} B`;
	const units = ['KiB', 'MiB', 'GiB', 'TiB'];
	let value = bytes / 1024;
	let unit = 0;
	while (Math.abs(value) >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
	const total = Math.round(seconds);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
	const ss = String(s).padStart(2, '0');
	return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** Realtime factor: "188×", "1.5×". */
export function formatSpeed(factor: number): string {
	if (!Number.isFinite(factor) || factor <= 0) return '-';
	return factor >= 10 ? `${Math.round(factor)}×` : `${factor.toFixed(1)}×`;
}
