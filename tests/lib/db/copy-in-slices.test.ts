import { describe, expect, it } from 'vitest';
import { copyInSlices } from '$lib/db/copy-in-slices';

describe('copyInSlices', () => {
	it('copies every byte, over several slices or one, into memory of its own', async () => {
		const bytes = Uint8Array.from({ length: 10_003 }, (_, i) => (i * 7) % 256);
		for (const slice of [1_000, 4_096, 10_003, 1 << 20]) {
			const copy = await copyInSlices(bytes, slice);
			expect(copy).toEqual(bytes);
			expect(copy.buffer).not.toBe(bytes.buffer);
		}
		const copy = await copyInSlices(bytes, 1_000);
		copy[0] = 255;
		expect(bytes[0]).toBe(0);
	});

	it('copies only the bytes of a view, not the rest of its buffer', async () => {
		const whole = Uint8Array.from({ length: 100 }, (_, i) => i);
		const view = whole.subarray(10, 60);
		const copy = await copyInSlices(view, 16);
		expect([...copy]).toEqual([...view]);
		expect(copy.buffer.byteLength).toBe(50);
	});

	it('copies an empty array', async () => {
		expect((await copyInSlices(new Uint8Array(0), 16)).length).toBe(0);
	});
});
