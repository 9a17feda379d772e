/**
 * Which larger area each smaller area lies in, from the shapes alone: the larger area containing a
 * point inside the smaller one (pointOnSurface, never the centroid, which can fall outside a
 * crescent-shaped area). Used when no lookup says which ward a small area is in, e.g. LSOA
 * boundaries and ward boundaries of different vintages.
 */
import { bboxOf, pointInGeometry, pointOnSurface, type AreaGeometry, type BBox } from './geometry';

export interface CodedGeometry {
	code: string;
	geometry: AreaGeometry;
}

/** Cells per side of the index grid over the larger areas: enough that each cell holds a few. */
function gridSize(count: number): number {
	return Math.max(1, Math.ceil(Math.sqrt(count)));
}

/**
 * For each smaller area, the code of the larger area containing its interior point (null when
 * none does). A uniform grid over the larger areas' boxes keeps this near-linear.
 */
export function containingAreas(smaller: readonly CodedGeometry[], larger: readonly CodedGeometry[]): Map<string, string | null> {
	const out = new Map<string, string | null>();
	if (!larger.length) {
		for (const s of smaller) out.set(s.code, null);
		return out;
	}
	const boxes: BBox[] = larger.map((l) => bboxOf(l.geometry));
	const extent: BBox = [Infinity, Infinity, -Infinity, -Infinity];
	for (const b of boxes) {
		extent[0] = Math.min(extent[0], b[0]);
		extent[1] = Math.min(extent[1], b[1]);
		extent[2] = Math.max(extent[2], b[2]);
		extent[3] = Math.max(extent[3], b[3]);
	}
	const size = gridSize(larger.length);
	const w = (extent[2] - extent[0]) / size || 1;
	const h = (extent[3] - extent[1]) / size || 1;
	const cellX = (x: number) => Math.min(size - 1, Math.max(0, Math.floor((x - extent[0]) / w)));
	const cellY = (y: number) => Math.min(size - 1, Math.max(0, Math.floor((y - extent[1]) / h)));
	const cells: number[][] = Array.from({ length: size * size }, () => []);
	boxes.forEach((b, i) => {
		for (let cx = cellX(b[0]); cx <= cellX(b[2]); cx++) for (let cy = cellY(b[1]); cy <= cellY(b[3]); cy++) cells[cy * size + cx].push(i);
	});
	for (const s of smaller) {
		const [x, y] = pointOnSurface(s.geometry);
		let found: string | null = null;
		if (x >= extent[0] && x <= extent[2] && y >= extent[1] && y <= extent[3]) {
			for (const i of cells[cellY(y) * size + cellX(x)]) {
				const b = boxes[i];
				if (x < b[0] || x > b[2] || y < b[1] || y > b[3]) continue;
				if (pointInGeometry(x, y, larger[i].geometry)) {
					found = larger[i].code;
					break;
				}
			}
		}
		out.set(s.code, found);
	}
	return out;
}
