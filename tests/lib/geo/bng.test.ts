/**
 * British National Grid ↔ WGS84 against Ordnance Survey's published figures:
 * - the worked example of "A guide to coordinate systems in Great Britain", Annex C
 *   (E 651409.903, N 313177.270 ↔ OSGB36 52°39′27.2531″N, 1°43′4.5177″E), exact to the millimetre;
 * - OS's OSTN15 test points (ETRS89 ≈ WGS84 to well under a metre, with their published grid
 *   coordinates), which the Helmert transformation meets to within a few metres (OS quote ~5 m).
 */
import { describe, expect, it } from 'vitest';
import { bngToWgs84, gridToOsgb36, osgb36ToGrid, wgs84ToBng } from '$lib/geo/bng';

const dms = (d: number, m: number, s: number) => d + m / 60 + s / 3600;

/** Distance in metres between two lon/lat points (equirectangular: exact enough over metres). */
function metres([lon1, lat1]: readonly [number, number], [lon2, lat2]: readonly [number, number]): number {
	const R = 6_371_000;
	const rad = Math.PI / 180;
	const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
	const y = (lat2 - lat1) * rad;
	return Math.hypot(x, y) * R;
}

/** OSTN15 test points in England (OSTN15_TestInput_ETRStoOSGB / TestOutput): id, lat, lon, E, N. */
const OS_TEST_POINTS = [
	['TP04', 50.5756366500, -1.2978227724, 449816.371, 75335.861],
	['TP07', 51.3744702555, 1.44454730409, 639821.835, 169565.858],
	['TP09', 51.4893656495, -0.1199255718, 530624.974, 178388.464],
	['TP11', 51.8943663735, 0.89724327012, 599445.59, 225722.826],
	['TP12', 52.2552938163, -2.15458614387, 389544.19, 261912.153]
] as const;

/** How close the Helmert transformation gets in England (OS: "about 5 m"; these points: under 3 m). */
const HELMERT_TOLERANCE_M = 3;

describe('British National Grid', () => {
	it('inverts the transverse Mercator projection as in the OS worked example (Annex C)', () => {
		const { lat, lon } = gridToOsgb36(651409.903, 313177.27);
		// 0.0001″ of arc is about 3 mm.
		expect(lat).toBeCloseTo(dms(52, 39, 27.2531), 7);
		expect(lon).toBeCloseTo(dms(1, 43, 4.5177), 7);
	});

	it('projects the OS worked example forward to the same easting and northing (to 1 mm)', () => {
		const { easting, northing } = osgb36ToGrid(dms(52, 39, 27.2531), dms(1, 43, 4.5177));
		expect(Math.abs(easting - 651409.903)).toBeLessThan(0.001);
		expect(Math.abs(northing - 313177.27)).toBeLessThan(0.001);
	});

	it.each(OS_TEST_POINTS)('converts OS test point %s to WGS84 within a few metres', (_id, lat, lon, e, n) => {
		expect(metres(bngToWgs84(e, n), [lon, lat])).toBeLessThan(HELMERT_TOLERANCE_M);
		const [be, bn] = wgs84ToBng(lon, lat);
		expect(Math.hypot(be - e, bn - n)).toBeLessThan(HELMERT_TOLERANCE_M);
	});

	// Negated Helmert parameters are OS's approximate inverse (and heights are dropped): a few mm.
	it('round-trips grid → WGS84 → grid to within a centimetre', () => {
		for (const [e, n] of [[587_000, 186_000], [100_000, 20_000], [450_000, 1_200_000]] as const) {
			const [lon, lat] = bngToWgs84(e, n);
			const [e2, n2] = wgs84ToBng(lon, lat);
			expect(Math.hypot(e2 - e, n2 - n)).toBeLessThan(0.01);
		}
	});
});
