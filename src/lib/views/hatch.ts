/**
 * The hatch that marks areas whose count is not shown: diagonal lines on a light ground, as raw
 * RGBA pixels. Computed, not drawn from a file or URL, so the map needs no network and the PNG
 * export can tile the very same pattern. A tile of `size` pixels with lines where (x + y) mod size
 * is small repeats seamlessly in both directions.
 */
import { HATCH_COLOUR, UNCLASSED_FILL } from './map-view';

/** Tile size: lines 8 px apart along each axis (about 5.7 px between lines), clearly not a flat grey. */
export const HATCH_SIZE = 8;
/** Line thickness in pixels along an axis: thick enough to survive the map's resampling. */
export const HATCH_LINE = 2;

export interface PixelImage {
	width: number;
	height: number;
	data: Uint8ClampedArray;
}

function rgb(hex: string): [number, number, number] {
	const n = Number.parseInt(hex.slice(1), 16);
	return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function hatchPixels(size = HATCH_SIZE, line = HATCH_LINE, ink = HATCH_COLOUR, ground = UNCLASSED_FILL): PixelImage {
	const data = new Uint8ClampedArray(size * size * 4);
	const on = rgb(ink);
	const off = rgb(ground);
	for (let y = 0; y < size; y++) {
		for (let x = 0; x < size; x++) {
			const c = (x + y) % size < line ? on : off;
			data.set([c[0], c[1], c[2], 255], (y * size + x) * 4);
		}
	}
	return { width: size, height: size, data };
}
