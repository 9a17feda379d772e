/**
 * TopoJSON → GeoJSON features, for polygons. TopoJSON (the TopoJSON format specification 1.0)
 * stores each shared boundary once as an "arc"; a polygon's ring lists the arcs it follows, a
 * negative index `~i` meaning arc `i` walked backwards. A quantized topology stores arc points as
 * integer deltas, turned back into coordinates by its `transform` (scale and translate).
 *
 * Only what boundaries need: Polygon, MultiPolygon and GeometryCollections of them. Other
 * geometry types come out unchanged in type, with no coordinates, so the caller can say which
 * feature is not an area.
 */

import type { Position } from './geometry';

export interface Topology {
	type: 'Topology';
	transform?: { scale: [number, number]; translate: [number, number] };
	arcs: number[][][];
	objects: Record<string, TopoGeometry>;
}

export interface TopoGeometry {
	type: string;
	id?: string | number;
	properties?: Record<string, unknown> | null;
	arcs?: unknown;
	geometries?: TopoGeometry[];
}

export interface PlainFeature {
	type: 'Feature';
	properties: Record<string, unknown>;
	geometry: { type: string; coordinates?: unknown } | null;
}

export function isTopology(value: unknown): value is Topology {
	const v = value as Topology | null;
	return !!v && v.type === 'Topology' && Array.isArray(v.arcs) && typeof v.objects === 'object' && v.objects !== null;
}

/** Decoded arcs: absolute coordinates, quantization undone. */
function decodeArcs(topology: Topology): Position[][] {
	const t = topology.transform;
	return topology.arcs.map((arc) => {
		if (!t) return arc.map((p) => [p[0], p[1]] as const);
		let x = 0;
		let y = 0;
		return arc.map((p) => {
			x += p[0];
			y += p[1];
			return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]] as const;
		});
	});
}

function ringFromArcs(indices: unknown, arcs: Position[][]): Position[] {
	if (!Array.isArray(indices)) throw new Error('a ring is not a list of arc indices');
	const ring: Position[] = [];
	for (const index of indices) {
		if (!Number.isInteger(index)) throw new Error(`arc index ${String(index)} is not a whole number`);
		const arc = arcs[index < 0 ? ~index : index];
		if (!arc) throw new Error(`arc ${index < 0 ? ~index : index} does not exist`);
		const points = index < 0 ? [...arc].reverse() : arc;
		// Consecutive arcs share their joining point: keep it once.
		ring.push(...(ring.length ? points.slice(1) : points));
	}
	return ring;
}

function toGeometry(g: TopoGeometry, arcs: Position[][]): PlainFeature['geometry'] {
	if (g.type === 'Polygon') return { type: 'Polygon', coordinates: ((g.arcs as unknown[]) ?? []).map((r) => ringFromArcs(r, arcs)) };
	if (g.type === 'MultiPolygon') {
		return {
			type: 'MultiPolygon',
			coordinates: ((g.arcs as unknown[][]) ?? []).map((p) => p.map((r) => ringFromArcs(r, arcs)))
		};
	}
	if (g.type === null || g.type === undefined) return null;
	return { type: g.type };
}

/** Names of the topology's objects, in file order. */
export function topologyObjectNames(topology: Topology): string[] {
	return Object.keys(topology.objects);
}

/**
 * The features of one object of the topology (by default its first object). A GeometryCollection
 * gives one feature per member; a single geometry gives one feature. The member's `id` becomes
 * the `id` property when it has no properties of that name.
 */
export function topologyFeatures(topology: Topology, objectName?: string): PlainFeature[] {
	const name = objectName ?? topologyObjectNames(topology)[0];
	const object = name === undefined ? undefined : topology.objects[name];
	if (!object) throw new Error(objectName ? `the topology has no object called "${objectName}"` : 'the topology has no objects');
	const arcs = decodeArcs(topology);
	const members = object.type === 'GeometryCollection' ? (object.geometries ?? []) : [object];
	return members.map((g) => ({
		type: 'Feature',
		properties: { ...(g.id !== undefined ? { id: g.id } : {}), ...(g.properties ?? {}) },
		geometry: toGeometry(g, arcs)
	}));
}
