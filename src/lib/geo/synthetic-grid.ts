/**
 * A synthetic grid of square areas, standing in for England's ~35,000 LSOAs in tests and the
 * benchmark (`npm run bench`). Squares share their corner vertices exactly, as ONS boundaries do.
 */
import type { AreaGeometry } from './geometry';
import { queenNeighbours } from './contiguity';
import { giStar } from './gi-star';

/** Width of one square in degrees (about the size of an urban LSOA). */
export const GRID_CELL_DEGREES = 0.005;

/** `cols × rows` squares, row by row from the south-west corner at (x0, y0). Area index = row * cols + col. */
export function syntheticGrid(cols: number, rows: number, x0 = -2, y0 = 52, cell = GRID_CELL_DEGREES): AreaGeometry[] {
	const out: AreaGeometry[] = [];
	const at = (c: number, r: number) => [x0 + c * cell, y0 + r * cell] as const;
	for (let r = 0; r < rows; r++) {
		for (let c = 0; c < cols; c++) {
			out.push({ type: 'Polygon', coordinates: [[at(c, r), at(c + 1, r), at(c + 1, r + 1), at(c, r + 1), at(c, r)]] });
		}
	}
	return out;
}

export interface HotspotTiming {
	areas: number;
	/** Queen contiguity from the polygons, uncached. */
	contiguityMs: number;
	/** Gi* over those neighbours. */
	giStarMs: number;
}

/**
 * Time the hotspot statistics on a synthetic grid of about `areas` squares (for `npm run bench`:
 * 1,000 and 35,000 areas). The values are a fixed pattern, so runs are comparable.
 */
export function timeHotspotStatistics(areas: number, now: () => number = () => performance.now()): HotspotTiming {
	const cols = Math.ceil(Math.sqrt(areas));
	const shapes = syntheticGrid(cols, Math.ceil(areas / cols));
	const values = Float64Array.from(shapes, (_, i) => (i * 7919) % 13);
	let t = now();
	const list = queenNeighbours(shapes);
	const contiguityMs = now() - t;
	t = now();
	giStar(values, list);
	return { areas: shapes.length, contiguityMs, giStarMs: now() - t };
}
