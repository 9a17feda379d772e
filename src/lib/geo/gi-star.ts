/**
 * Getis-Ord Gi* hot-spot statistic (Getis & Ord 1992; Ord & Getis 1995, the form ArcGIS's "Hot
 * Spot Analysis" uses), with binary queen-contiguity weights that include the area itself
 * (w_ii = 1, w_ij = 1 for a neighbour, 0 otherwise).
 *
 * For area i, with n areas, values x, mean X̄ and S = sqrt(Σx²/n − X̄²) (the population standard
 * deviation):
 *
 *            Σ_j w_ij x_j − X̄ Σ_j w_ij
 *   z_i = ─────────────────────────────────────────
 *         S · sqrt( (n Σ_j w_ij² − (Σ_j w_ij)²) / (n − 1) )
 *
 * With binary weights Σ_j w_ij = Σ_j w_ij² = W_i (neighbours + 1), so the denominator is
 * S · sqrt(W_i (n − W_i) / (n − 1)). Gi* is itself a z-score: areas whose neighbourhood sum is far
 * above what chance would give are hot spots, far below are cold spots, at the usual two-sided
 * 90/95/99% confidence levels (|z| ≥ 1.645 / 1.960 / 2.576). No correction for multiple testing
 * is applied (ArcGIS's optional FDR correction is not used), so at 90% about one area in ten
 * may be flagged by chance: the map says "hot spot at 90% confidence", not "proven cluster".
 *
 * Cases where the statistic is not defined, decided here and reported, never hidden:
 * - an **island** (an area with no neighbour) would get a plain global z-score, not a local one:
 *   its z is not computed (NaN, null in JSON) and its class is "none"; `islands` lists it;
 * - **no variation** (every value equal, S = 0, or fewer than MIN_AREAS areas): no z is computed
 *   for any area, every class is "none", and `zeroVariance` (or `tooFewAreas`) says why;
 * - an area whose neighbourhood is every area (W_i = n) has a zero denominator: no z, class "none".
 * Ties (equal values) need nothing special: the formula treats them like any other values.
 *
 * Pure and allocation-light: one pass for the mean and variance, one over the neighbour list.
 */
import type { NeighbourList } from './contiguity';

export const HOTSPOT_CLASSES = ['hot-99', 'hot-95', 'hot-90', 'none', 'cold-90', 'cold-95', 'cold-99'] as const;
export type HotspotClass = (typeof HOTSPOT_CLASSES)[number];

/** Two-sided critical values of the standard normal distribution. */
export const Z_99 = 2.576;
export const Z_95 = 1.96;
export const Z_90 = 1.645;

/** Fewer areas than this cannot show a local cluster against the rest (and n − 1 must be > 0). */
export const MIN_AREAS = 3;

/** Relative size below which the standard deviation counts as zero (floating-point noise). */
const ZERO_VARIANCE = 1e-12;

export const HOTSPOT_LABELS: Record<HotspotClass, string> = {
	'hot-99': 'Hot spot, 99% confidence',
	'hot-95': 'Hot spot, 95% confidence',
	'hot-90': 'Hot spot, 90% confidence',
	none: 'Not significant',
	'cold-90': 'Cold spot, 90% confidence',
	'cold-95': 'Cold spot, 95% confidence',
	'cold-99': 'Cold spot, 99% confidence'
};

export interface GiStarResult {
	/** z_i for each area; NaN where it is not computed (islands, no variation). */
	z: Float64Array;
	classes: HotspotClass[];
	/** Areas with no neighbour: no z computed. */
	islands: number[];
	/** True when every value is the same, so no area stands out. */
	zeroVariance: boolean;
	/** True when there are fewer than MIN_AREAS areas. */
	tooFewAreas: boolean;
}

/** The class of a z-score; NaN or null is "none". Boundaries belong to the stronger class (z = 1.96 is hot-95). */
export function classifyZ(z: number | null): HotspotClass {
	if (z === null || Number.isNaN(z)) return 'none';
	if (z >= Z_99) return 'hot-99';
	if (z >= Z_95) return 'hot-95';
	if (z >= Z_90) return 'hot-90';
	if (z <= -Z_99) return 'cold-99';
	if (z <= -Z_95) return 'cold-95';
	if (z <= -Z_90) return 'cold-90';
	return 'none';
}

/** z as JSON wants it: null where not computed. */
export function zOrNull(result: GiStarResult, i: number): number | null {
	const z = result.z[i];
	return Number.isNaN(z) ? null : z;
}

/**
 * Gi* for every area. `values[i]` belongs to area i of `weights` (the same order as the
 * geometries the neighbour list was built from). Values must be finite numbers.
 */
export function giStar(values: ArrayLike<number>, weights: NeighbourList): GiStarResult {
	const n = values.length;
	if (n !== weights.size) throw new RangeError(`Gi*: ${n} values for ${weights.size} areas.`);
	let sum = 0;
	for (let i = 0; i < n; i++) {
		const v = values[i];
		if (!Number.isFinite(v)) throw new RangeError(`Gi*: the value of area ${i} is not a finite number.`);
		sum += v;
	}
	const mean = n ? sum / n : 0;
	// Two passes (deviations from the mean) rather than Σx²/n − X̄²: no cancellation error.
	let squares = 0;
	for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
	const s = n ? Math.sqrt(squares / n) : 0;

	const z = new Float64Array(n).fill(NaN);
	const classes: HotspotClass[] = new Array(n).fill('none');
	const islands: number[] = [];
	const { offsets, neighbours } = weights;
	for (let i = 0; i < n; i++) if (offsets[i + 1] === offsets[i]) islands.push(i);

	const tooFewAreas = n < MIN_AREAS;
	const zeroVariance = !tooFewAreas && s <= ZERO_VARIANCE * Math.max(1, Math.abs(mean));
	if (tooFewAreas || zeroVariance) return { z, classes, islands, zeroVariance, tooFewAreas };

	for (let i = 0; i < n; i++) {
		const start = offsets[i];
		const end = offsets[i + 1];
		if (end === start) continue; // island
		let local = values[i]; // w_ii = 1
		for (let k = start; k < end; k++) local += values[neighbours[k]];
		const w = end - start + 1;
		const spread = (w * (n - w)) / (n - 1);
		if (spread <= 0) continue; // every area is in the neighbourhood
		z[i] = (local - mean * w) / (s * Math.sqrt(spread));
		classes[i] = classifyZ(z[i]);
	}
	return { z, classes, islands, zeroVariance, tooFewAreas };
}
