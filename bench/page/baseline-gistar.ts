/**
 * The baseline for the hotspot statistics: the straightforward code a dashboard would write.
 *   - Neighbours: compare every pair of areas, vertex by vertex (O(n²) pairs); two areas are
 *     queen neighbours when they share a vertex exactly (the synthetic grid's squares share
 *     their corners exactly, so this finds the same neighbours as the app).
 *   - Update: Gi* from neighbour arrays, equal-interval breaks from a sorted copy, and small
 *     counts withheld (1–9, plus the next smallest when only one is withheld).
 */
import type { AreaGeometry } from '$lib/geo/geometry';

function vertices(g: AreaGeometry): number[][] {
	const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
	return polygons.flatMap((p) => p.flatMap((ring) => ring.map((pt) => [pt[0], pt[1]])));
}

export function naiveQueenNeighbours(shapes: readonly AreaGeometry[]): number[][] {
	const points = shapes.map(vertices);
	const out: number[][] = shapes.map(() => []);
	for (let i = 0; i < shapes.length; i++) {
		for (let j = i + 1; j < shapes.length; j++) {
			let touch = false;
			for (const a of points[i]) {
				for (const b of points[j]) {
					if (a[0] === b[0] && a[1] === b[1]) {
						touch = true;
						break;
					}
				}
				if (touch) break;
			}
			if (touch) {
				out[i].push(j);
				out[j].push(i);
			}
		}
	}
	return out;
}

export function naiveGiStar(values: number[], neighbours: number[][]): number[] {
	const n = values.length;
	const mean = values.reduce((a, b) => a + b, 0) / n;
	const s = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / n);
	return values.map((v, i) => {
		const list = neighbours[i];
		if (list.length === 0 || s === 0) return NaN;
		const w = list.length + 1;
		const local = list.reduce((a, j) => a + values[j], v);
		return (local - mean * w) / (s * Math.sqrt((w * (n - w)) / (n - 1)));
	});
}

export function naiveUpdate(counts: number[], neighbours: number[][], threshold = 10, classes = 5) {
	const z = naiveGiStar(counts, neighbours);
	const hot = z.map((x) => (Number.isNaN(x) ? 'none' : x >= 2.576 ? 'hot-99' : x >= 1.96 ? 'hot-95' : x >= 1.645 ? 'hot-90' : x <= -2.576 ? 'cold-99' : x <= -1.96 ? 'cold-95' : x <= -1.645 ? 'cold-90' : 'none'));
	const sorted = [...counts].sort((a, b) => a - b);
	const max = sorted[sorted.length - 1];
	const step = Math.max(1, Math.ceil(max / classes));
	const upper = Array.from({ length: classes }, (_, k) => step * (k + 1));
	const cls = counts.map((c) => Math.min(classes - 1, upper.findIndex((u) => c <= u)));
	const hidden = counts.map((c) => c > 0 && c < threshold);
	if (hidden.filter(Boolean).length === 1) {
		let next = -1;
		counts.forEach((c, i) => {
			if (!hidden[i] && c > 0 && (next < 0 || c < counts[next])) next = i;
		});
		if (next >= 0) hidden[next] = true;
	}
	return { z, classes: hot, breaks: upper, class: cls, shown: counts.map((c, i) => (hidden[i] ? null : c)) };
}
