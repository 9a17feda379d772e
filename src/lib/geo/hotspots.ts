/**
 * The hotspot map's numbers, in one call: for a level with boundaries loaded, each area's count and
 * rate for a measure and period (measures/area-counts.ts), its Getis-Ord Gi* z-score and class
 * (gi-star.ts) over queen neighbours computed from the stored shapes (contiguity.ts, cached per
 * boundary set). The map page and the `hotspots` command both use this, so they agree.
 *
 * Gi* runs on the exact counts (or rates), before any disclosure control: hot-spot classes are a
 * property of a neighbourhood, not of one small count. Disclosure (breaks.ts) is applied to what
 * is displayed afterwards.
 */
import type { Engine } from '$lib/db/engine';
import { areaCounts, type AreaCountParams, type AreaCounts } from '$lib/measures/area-counts';
import { readAreaGeometry } from './boundary-store';
import type { AreaLevel } from './boundaries';
import { cachedQueenNeighbours, neighboursOf, type NeighbourList } from './contiguity';
import type { AreaGeometry } from './geometry';
import { giStar, zOrNull, type HotspotClass } from './gi-star';

export interface HotspotParams extends Omit<AreaCountParams, 'level'> {
	level: AreaLevel;
	/**
	 * What Gi* is computed on: `count` (the default; areas of one level are of similar size, as
	 * LSOAs are by design) or `rate` (areas with no population then count as 0 and are reported).
	 */
	statistic?: 'count' | 'rate';
}

export interface HotspotArea {
	code: string;
	name: string | null;
	count: number;
	population: number | null;
	rate: number | null;
	/** Gi* z-score; null for an island or when no area stands out (see gi-star.ts). */
	giZ: number | null;
	hotspot: HotspotClass;
	/** Codes of the queen neighbours. */
	neighbours: string[];
	geometry: AreaGeometry;
}

export interface HotspotResult extends Omit<AreaCounts, 'areas'> {
	statistic: 'count' | 'rate';
	areas: HotspotArea[];
	/** Codes of areas with no neighbour (no Gi* computed for them). */
	islands: string[];
	zeroVariance: boolean;
	tooFewAreas: boolean;
	/** Fingerprint of the boundary set the neighbours were computed from. */
	boundaryFingerprint: string;
}

/** Hotspot figures for every area of `params.level` that has boundaries. Empty when none are loaded. */
export async function hotspotAreas(engine: Engine, params: HotspotParams): Promise<HotspotResult> {
	const shapes = await readAreaGeometry(engine, params.level);
	const counts = await areaCounts.run(engine, params);
	const byCode = new Map(counts.areas.map((a) => [a.code, a]));
	const { list, fingerprint } = cachedQueenNeighbours(shapes.map((s) => s.geometry));
	const statistic = params.statistic ?? 'count';
	// Shapes and counts share the codes (both come from the areas of the level that have boundaries).
	const values = Float64Array.from(shapes, (s) => {
		const row = byCode.get(s.code);
		return statistic === 'rate' ? (row?.rate ?? 0) : (row?.count ?? 0);
	});
	const gi = giStar(values, list);
	return {
		...counts,
		statistic,
		areas: shapes.map((s, i) => {
			const row = byCode.get(s.code);
			return {
				code: s.code,
				name: row?.name ?? s.name,
				count: row?.count ?? 0,
				population: row?.population ?? null,
				rate: row?.rate ?? null,
				giZ: zOrNull(gi, i),
				hotspot: gi.classes[i],
				neighbours: neighbourCodes(list, i, shapes),
				geometry: s.geometry
			};
		}),
		islands: gi.islands.map((i) => shapes[i].code),
		zeroVariance: gi.zeroVariance,
		tooFewAreas: gi.tooFewAreas,
		boundaryFingerprint: fingerprint
	};
}

function neighbourCodes(list: NeighbourList, i: number, shapes: readonly { code: string }[]): string[] {
	return Array.from(neighboursOf(list, i), (j) => shapes[j].code);
}
