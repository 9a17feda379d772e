/**
 * Queen contiguity: two areas are neighbours when their boundaries share at least one point (an
 * edge or just a corner), the usual spatial weights for hot-spot statistics on areas.
 *
 * How points are matched:
 * 1. Shared vertices. ONS boundary files share vertices exactly between neighbouring areas; every
 *    vertex is snapped to a grid of SNAP_DEGREES (so coordinates that differ only by rounding
 *    still meet) and areas whose vertices land on the same grid point are neighbours. A hash of
 *    the snapped points keeps this linear in the number of vertices.
 * 2. Vertex on edge (a "T-junction", where one area has a vertex in the middle of its neighbour's
 *    edge and the two share no vertex at all): for areas whose bounding boxes touch but that step 1
 *    did not join, any vertex within SNAP_DEGREES of the other's edge joins them. Real files rarely
 *    need it, and it costs little because most touching pairs were already joined.
 *
 * The result is cached per boundary set (keyed by a fingerprint of the coordinates), so a map
 * that changes measure or period never recomputes it.
 */
import { bboxOf, bboxesOverlap, polygonsOf, segmentDistanceSquared, type AreaGeometry, type BBox } from './geometry';

/** Snapping grid for shared vertices, in degrees: about 10 cm north–south, 7 cm east–west in England. */
export const SNAP_DEGREES = 1e-6;

/** How many boundary sets' neighbour lists are kept (e.g. small areas and wards, before and after a reload). */
export const NEIGHBOUR_CACHE_SIZE = 8;

/**
 * Neighbours in compressed form (one flat array, as spatial-statistics libraries store sparse
 * weights): area i's neighbours are `neighbours[offsets[i] … offsets[i + 1] - 1]`, ascending,
 * never i itself.
 */
export interface NeighbourList {
	size: number;
	offsets: Int32Array;
	neighbours: Int32Array;
}

export interface ContiguityOptions {
	/** Snapping grid in coordinate units (default SNAP_DEGREES). */
	snap?: number;
	/** Also join areas where a vertex of one lies on an edge of the other (default true). */
	vertexOnEdge?: boolean;
}

export function neighboursOf(list: NeighbourList, i: number): Int32Array {
	return list.neighbours.subarray(list.offsets[i], list.offsets[i + 1]);
}

/** Areas with no neighbour at all (an island, or an area cut off by the file's extent). */
export function islandsOf(list: NeighbourList): number[] {
	const out: number[] = [];
	for (let i = 0; i < list.size; i++) if (list.offsets[i + 1] === list.offsets[i]) out.push(i);
	return out;
}

/** Every vertex of every area, flattened: x, y and the area it belongs to. */
function flattenVertices(geometries: readonly AreaGeometry[]) {
	let total = 0;
	for (const g of geometries) for (const p of polygonsOf(g)) for (const ring of p) total += ring.length;
	const xs = new Float64Array(total);
	const ys = new Float64Array(total);
	const owner = new Int32Array(total);
	let k = 0;
	geometries.forEach((g, area) => {
		for (const p of polygonsOf(g)) {
			for (const ring of p) {
				for (const [x, y] of ring) {
					xs[k] = x;
					ys[k] = y;
					owner[k++] = area;
				}
			}
		}
	});
	return { xs, ys, owner, total };
}

/** Pairs of areas (a < b), kept as a * size + b in a Set: exact for up to ~90 million areas. */
class PairSet {
	readonly pairs = new Set<number>();
	constructor(readonly size: number) {}
	add(a: number, b: number) {
		if (a !== b) this.pairs.add(a < b ? a * this.size + b : b * this.size + a);
	}
	has(a: number, b: number) {
		return this.pairs.has(a < b ? a * this.size + b : b * this.size + a);
	}
	toList(): NeighbourList {
		const counts = new Int32Array(this.size + 1);
		for (const key of this.pairs) {
			counts[Math.floor(key / this.size)]++;
			counts[key % this.size]++;
		}
		const offsets = new Int32Array(this.size + 1);
		for (let i = 0; i < this.size; i++) offsets[i + 1] = offsets[i] + counts[i];
		const fill = offsets.slice(0, this.size);
		const neighbours = new Int32Array(offsets[this.size]);
		for (const key of this.pairs) {
			const a = Math.floor(key / this.size);
			const b = key % this.size;
			neighbours[fill[a]++] = b;
			neighbours[fill[b]++] = a;
		}
		for (let i = 0; i < this.size; i++) neighbours.subarray(offsets[i], offsets[i + 1]).sort();
		return { size: this.size, offsets, neighbours };
	}
}

/** Step 1: areas sharing a snapped vertex. Open-addressing hash of grid points → chain of vertices. */
function joinSharedVertices(geometries: readonly AreaGeometry[], snap: number, pairs: PairSet): void {
	const { xs, ys, owner, total } = flattenVertices(geometries);
	const gx = new Float64Array(total);
	const gy = new Float64Array(total);
	for (let i = 0; i < total; i++) {
		gx[i] = Math.round(xs[i] / snap);
		gy[i] = Math.round(ys[i] / snap);
	}
	let capacity = 1;
	while (capacity < total * 2) capacity <<= 1;
	const mask = capacity - 1;
	const head = new Int32Array(capacity).fill(-1); // first vertex of the grid point in this slot
	const next = new Int32Array(total).fill(-1); // next vertex on the same grid point
	for (let i = 0; i < total; i++) {
		let slot = (Math.imul(gx[i] | 0, 73856093) ^ Math.imul(gy[i] | 0, 19349663)) & mask;
		while (head[slot] !== -1 && (gx[head[slot]] !== gx[i] || gy[head[slot]] !== gy[i])) slot = (slot + 1) & mask;
		if (head[slot] === -1) {
			head[slot] = i;
			continue;
		}
		// Join i's area with every other area already at this grid point, then chain i in.
		const first = head[slot];
		for (let j = first; j !== -1; j = next[j]) if (owner[j] !== owner[i]) pairs.add(owner[i], owner[j]);
		next[i] = next[first];
		next[first] = i;
	}
}

/** Step 2: vertex-on-edge joins between areas whose boxes touch but share no vertex. */
function joinVerticesOnEdges(geometries: readonly AreaGeometry[], snap: number, pairs: PairSet): void {
	const boxes: BBox[] = geometries.map(bboxOf);
	// A uniform grid over the boxes finds touching pairs without comparing every pair.
	let meanSize = 0;
	for (const b of boxes) meanSize += Math.max(b[2] - b[0], b[3] - b[1]);
	const cell = Math.max(meanSize / Math.max(boxes.length, 1), snap * 10);
	// Numeric cell keys; two cells sharing a key only add candidates, which the box test discards.
	const buckets = new Map<number, number[]>();
	boxes.forEach((b, i) => {
		for (let cx = Math.floor((b[0] - snap) / cell); cx <= Math.floor((b[2] + snap) / cell); cx++) {
			for (let cy = Math.floor((b[1] - snap) / cell); cy <= Math.floor((b[3] + snap) / cell); cy++) {
				const key = cx * 1_000_003 + cy;
				const list = buckets.get(key);
				if (list) list.push(i);
				else buckets.set(key, [i]);
			}
		}
	});
	const tried = new PairSet(geometries.length);
	const tolerance2 = snap * snap;
	for (const members of buckets.values()) {
		for (let x = 0; x < members.length; x++) {
			for (let y = x + 1; y < members.length; y++) {
				const a = members[x];
				const b = members[y];
				if (pairs.has(a, b) || tried.has(a, b) || !bboxesOverlap(boxes[a], boxes[b], snap)) continue;
				tried.add(a, b);
				if (vertexTouchesEdge(geometries[a], boxes[b], geometries[b], tolerance2) || vertexTouchesEdge(geometries[b], boxes[a], geometries[a], tolerance2)) {
					pairs.add(a, b);
				}
			}
		}
	}
}

/** Some vertex of `a` lies within the tolerance of an edge of `b`. */
function vertexTouchesEdge(a: AreaGeometry, boxB: BBox, b: AreaGeometry, tolerance2: number): boolean {
	const margin = Math.sqrt(tolerance2);
	for (const p of polygonsOf(a)) {
		for (const ring of p) {
			for (const [x, y] of ring) {
				if (x < boxB[0] - margin || x > boxB[2] + margin || y < boxB[1] - margin || y > boxB[3] + margin) continue;
				for (const q of polygonsOf(b)) {
					for (const edgeRing of q) {
						for (let i = 0; i + 1 < edgeRing.length; i++) {
							const [ax, ay] = edgeRing[i];
							const [bx, by] = edgeRing[i + 1];
							if (segmentDistanceSquared(x, y, ax, ay, bx, by) <= tolerance2) return true;
						}
					}
				}
			}
		}
	}
	return false;
}

/** Queen neighbours of `geometries` (index i of the result is geometries[i]). Not cached. */
export function queenNeighbours(geometries: readonly AreaGeometry[], options: ContiguityOptions = {}): NeighbourList {
	const snap = options.snap ?? SNAP_DEGREES;
	const pairs = new PairSet(geometries.length);
	joinSharedVertices(geometries, snap, pairs);
	if (options.vertexOnEdge ?? true) joinVerticesOnEdges(geometries, snap, pairs);
	return pairs.toList();
}

/**
 * A fingerprint of a boundary set's coordinates, in order: two 32-bit FNV-1a-style hashes of the
 * coordinates at 1e-7 precision, plus the counts. Equal geometry gives equal fingerprints.
 */
export function geometryFingerprint(geometries: readonly AreaGeometry[]): string {
	let h1 = 0x811c9dc5;
	let h2 = 0x01000193;
	let vertices = 0;
	const mix = (v: number) => {
		const lo = v | 0;
		const hi = Math.floor(v / 4294967296) | 0;
		h1 = Math.imul(h1 ^ lo, 0x01000193);
		h1 = Math.imul(h1 ^ hi, 0x01000193);
		h2 = Math.imul(h2 ^ lo, 0x5bd1e995) ^ (h2 >>> 15);
		h2 = Math.imul(h2 ^ hi, 0x5bd1e995) ^ (h2 >>> 13);
	};
	for (const g of geometries) {
		mix(-1); // separates areas, so moving a polygon to the next area changes the print
		for (const p of polygonsOf(g)) {
			mix(-2);
			for (const ring of p) {
				mix(-3);
				for (const [x, y] of ring) {
					mix(Math.round(x * 1e7));
					mix(Math.round(y * 1e7));
					vertices++;
				}
			}
		}
	}
	const hex = (h: number) => (h >>> 0).toString(16).padStart(8, '0');
	return `${geometries.length}:${vertices}:${hex(h1)}${hex(h2)}`;
}

const cache = new Map<string, NeighbourList>();

/**
 * Queen neighbours, computed once per boundary set: later calls with the same geometry (same
 * fingerprint and options) return the cached list.
 */
export function cachedQueenNeighbours(geometries: readonly AreaGeometry[], options: ContiguityOptions = {}): { list: NeighbourList; fingerprint: string; cached: boolean } {
	const fingerprint = `${geometryFingerprint(geometries)}|${options.snap ?? SNAP_DEGREES}|${options.vertexOnEdge ?? true}`;
	const hit = cache.get(fingerprint);
	if (hit) {
		// Most recently used last, so the oldest is dropped first.
		cache.delete(fingerprint);
		cache.set(fingerprint, hit);
		return { list: hit, fingerprint, cached: true };
	}
	const list = queenNeighbours(geometries, options);
	cache.set(fingerprint, list);
	while (cache.size > NEIGHBOUR_CACHE_SIZE) cache.delete(cache.keys().next().value!);
	return { list, fingerprint, cached: false };
}

/** Forget every cached neighbour list (tests; or to free memory). */
export function clearNeighbourCache(): void {
	cache.clear();
}
