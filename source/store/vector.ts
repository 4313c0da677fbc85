/** A feature vector as stored: float64 little-endian, 8 bytes a value, exact round trip. */
export function encodeVector(vector: unknown): Buffer | null {
	if (!Array.isArray(vector) && !(vector instanceof Float64Array) && !(vector instanceof Float32Array)) return null;
	const values = vector as ArrayLike<unknown>;
	const buffer = Buffer.allocUnsafe(values.length * 8);
	for (let i = 0; i < values.length; i++) {
		const value = values[i];
		buffer.writeDoubleLE(typeof value === 'number' ? value : Number.NaN, i * 8);
	}
	return buffer;
}

export function decodeVector(blob: Buffer | null | undefined): number[] {
	if (!blob) return [];
	const values = new Array<number>(Math.floor(blob.length / 8));
	for (let i = 0; i < values.length; i++) values[i] = blob.readDoubleLE(i * 8);
	return values;
}

/** Descriptors stored compactly: float32 little-endian, 4 bytes a value (they are estimates anyway). */
export function encodeFloat32(values: ArrayLike<number> | undefined): Buffer | null {
	if (!values || values.length === 0) return null;
	const buffer = Buffer.allocUnsafe(values.length * 4);
	for (let i = 0; i < values.length; i++) buffer.writeFloatLE(typeof values[i] === 'number' ? values[i]! : Number.NaN, i * 4);
	return buffer;
}

export function decodeFloat32(blob: Buffer | null | undefined): number[] | undefined {
	if (!blob || blob.length < 4) return undefined;
	const values = new Array<number>(Math.floor(blob.length / 4));
	for (let i = 0; i < values.length; i++) values[i] = blob.readFloatLE(i * 4);
	return values;
}
