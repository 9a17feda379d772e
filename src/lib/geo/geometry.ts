/**
 * Plain polygon geometry: the GeoJSON shapes boundaries use, and the few planar operations the
 * product needs (bounding boxes, signed area, a point inside a polygon, whether a ring crosses
 * itself). Coordinates are `[x, y]` (longitude, latitude once loaded). The operations are planar:
 * at the scale of one partnership, a degree of longitude and of latitude differ by a constant
 * factor, which changes no "inside" or "crosses" answer.
 */

export type Position = readonly [number, number];
/** A closed ring: first and last positions are equal. */
export type Ring = readonly Position[];
/** Outer ring first, then holes. */
export type PolygonCoordinates = readonly Ring[];

export type AreaGeometry =
	| { type: 'Polygon'; coordinates: PolygonCoordinates }
	| { type: 'MultiPolygon'; coordinates: readonly PolygonCoordinates[] };

/** [minX, minY, maxX, maxY] */
export type BBox = [number, number, number, number];

/** The polygons of a geometry, whether it is one polygon or several. */
export function polygonsOf(geometry: AreaGeometry): readonly PolygonCoordinates[] {
	return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Every ring of a geometry (outer rings and holes). */
export function ringsOf(geometry: AreaGeometry): Ring[] {
	return polygonsOf(geometry).flatMap((p) => [...p]);
}

export function emptyBBox(): BBox {
	return [Infinity, Infinity, -Infinity, -Infinity];
}

export function extendBBox(box: BBox, x: number, y: number): BBox {
	if (x < box[0]) box[0] = x;
	if (y < box[1]) box[1] = y;
	if (x > box[2]) box[2] = x;
	if (y > box[3]) box[3] = y;
	return box;
}

export function bboxOf(geometry: AreaGeometry): BBox {
	const box = emptyBBox();
	for (const ring of ringsOf(geometry)) for (const [x, y] of ring) extendBBox(box, x, y);
	return box;
}

export function bboxesOverlap(a: BBox, b: BBox, margin = 0): boolean {
	return a[0] <= b[2] + margin && b[0] <= a[2] + margin && a[1] <= b[3] + margin && b[1] <= a[3] + margin;
}

/** Signed area of a ring (shoelace): positive when anticlockwise. */
export function ringArea(ring: Ring): number {
	let sum = 0;
	for (let i = 0, n = ring.length; i + 1 < n; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
	return sum / 2;
}

/** Area of a polygon: its outer ring less its holes (planar units). */
export function polygonArea(polygon: PolygonCoordinates): number {
	if (!polygon.length) return 0;
	return Math.abs(ringArea(polygon[0])) - polygon.slice(1).reduce((a, r) => a + Math.abs(ringArea(r)), 0);
}

export function geometryArea(geometry: AreaGeometry): number {
	return polygonsOf(geometry).reduce((a, p) => a + polygonArea(p), 0);
}

/** Even-odd test of a point against one ring; a point exactly on the boundary may go either way. */
function inRing(x: number, y: number, ring: Ring): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i];
		const [xj, yj] = ring[j];
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

/** True when (x, y) lies inside the polygon (inside its outer ring and in none of its holes). */
export function pointInPolygon(x: number, y: number, polygon: PolygonCoordinates): boolean {
	if (!polygon.length || !inRing(x, y, polygon[0])) return false;
	for (let h = 1; h < polygon.length; h++) if (inRing(x, y, polygon[h])) return false;
	return true;
}

export function pointInGeometry(x: number, y: number, geometry: AreaGeometry): boolean {
	return polygonsOf(geometry).some((p) => pointInPolygon(x, y, p));
}

/**
 * A point guaranteed to lie inside the geometry (unlike the centroid, which can fall outside a
 * crescent-shaped area): on the horizontal line through the middle of the largest polygon's
 * bounding box, the midpoint of the widest stretch that lies inside it. Used to place a small area
 * in the larger area that contains it.
 */
export function pointOnSurface(geometry: AreaGeometry): Position {
	const polygons = polygonsOf(geometry);
	let best = polygons[0];
	for (const p of polygons) if (polygonArea(p) > polygonArea(best)) best = p;
	const box = emptyBBox();
	for (const [x, y] of best[0]) extendBBox(box, x, y);
	// Nudge off the exact middle so the scan line is unlikely to pass through a vertex.
	const y = box[1] + (box[3] - box[1]) * 0.5000123;
	const xs: number[] = [];
	for (const ring of best) {
		for (let i = 0; i + 1 < ring.length; i++) {
			const [x1, y1] = ring[i];
			const [x2, y2] = ring[i + 1];
			if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
		}
	}
	xs.sort((a, b) => a - b);
	let bestWidth = -1;
	let point: Position = best[0][0];
	// Crossings pair up: (xs[0], xs[1]) is inside, (xs[1], xs[2]) outside, and so on.
	for (let i = 0; i + 1 < xs.length; i += 2) {
		const width = xs[i + 1] - xs[i];
		if (width > bestWidth) {
			bestWidth = width;
			point = [(xs[i] + xs[i + 1]) / 2, y];
		}
	}
	return point;
}

/** Orientation of (a, b, c): > 0 anticlockwise, < 0 clockwise, 0 collinear. */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
	return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/**
 * Where a ring crosses itself: two of its edges that are not neighbours along the ring cross at a
 * point inside both, or overlap along a stretch. Edges that merely touch at a vertex (a ring
 * pinched at one point, as ONS generalised boundaries sometimes are) are not counted: that does
 * not confuse filling or "inside" tests. Returns the crossing point, or null.
 *
 * Sweep over x: edges sorted by their left end, each compared only with edges that start before
 * it ends, so a typical ring costs about n log n rather than n².
 */
export function ringSelfIntersection(ring: Ring): Position | null {
	const n = ring.length - 1; // edges; the last position repeats the first
	if (n < 3) return null;
	const order = Array.from({ length: n }, (_, i) => i);
	const minX = (i: number) => Math.min(ring[i][0], ring[i + 1][0]);
	const maxX = (i: number) => Math.max(ring[i][0], ring[i + 1][0]);
	order.sort((a, b) => minX(a) - minX(b));
	for (let oi = 0; oi < n; oi++) {
		const i = order[oi];
		const [ax, ay] = ring[i];
		const [bx, by] = ring[i + 1];
		const right = maxX(i);
		for (let oj = oi + 1; oj < n; oj++) {
			const j = order[oj];
			if (minX(j) > right) break;
			// Neighbouring edges share a vertex by construction.
			if (Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1) continue;
			const [cx, cy] = ring[j];
			const [dx, dy] = ring[j + 1];
			if (Math.max(ay, by) < Math.min(cy, dy) || Math.max(cy, dy) < Math.min(ay, by)) continue;
			const d1 = orient(ax, ay, bx, by, cx, cy);
			const d2 = orient(ax, ay, bx, by, dx, dy);
			const d3 = orient(cx, cy, dx, dy, ax, ay);
			const d4 = orient(cx, cy, dx, dy, bx, by);
			if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
				const t = d3 / (d3 - d4);
				return [ax + t * (bx - ax), ay + t * (by - ay)];
			}
			if (d1 === 0 && d2 === 0 && collinearOverlap(ax, ay, bx, by, cx, cy, dx, dy)) return [cx, cy];
		}
	}
	return null;
}

/** Two collinear segments share more than a single point. */
function collinearOverlap(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): boolean {
	const horizontalish = Math.abs(bx - ax) >= Math.abs(by - ay);
	const [a0, a1] = horizontalish ? [Math.min(ax, bx), Math.max(ax, bx)] : [Math.min(ay, by), Math.max(ay, by)];
	const [c0, c1] = horizontalish ? [Math.min(cx, dx), Math.max(cx, dx)] : [Math.min(cy, dy), Math.max(cy, dy)];
	return Math.min(a1, c1) - Math.max(a0, c0) > 0;
}

/** Distance from (px, py) to the segment a–b, squared. */
export function segmentDistanceSquared(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
	const vx = bx - ax;
	const vy = by - ay;
	const len2 = vx * vx + vy * vy;
	let t = len2 === 0 ? 0 : ((px - ax) * vx + (py - ay) * vy) / len2;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	const ex = ax + t * vx - px;
	const ey = ay + t * vy - py;
	return ex * ex + ey * ey;
}
