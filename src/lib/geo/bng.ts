/**
 * British National Grid (EPSG:27700) to WGS84 longitude/latitude, and back.
 *
 * ONS boundary downloads are often in British National Grid: eastings and northings in metres on
 * the OSGB36 datum (Airy 1830 ellipsoid, transverse Mercator). Converting them takes two steps,
 * both from Ordnance Survey's "A guide to coordinate systems in Great Britain":
 *   1. transverse Mercator inverse (Annex C) gives OSGB36 latitude/longitude;
 *   2. a seven-parameter Helmert transformation (section 6.6) moves them to WGS84 (ETRS89).
 * The Helmert step is accurate to a few metres (OS quote about 5 m; OSTN15 would give centimetres
 * but needs a 15 MB grid), which is far below the size of any area drawn on the map.
 */

import type { Position } from './geometry';

interface Ellipsoid {
	a: number;
	b: number;
}

const AIRY_1830: Ellipsoid = { a: 6377563.396, b: 6356256.909 };
const WGS84: Ellipsoid = { a: 6378137, b: 6356752.314245 };

/** National Grid projection constants (OS guide, table A.2). */
const F0 = 0.9996012717;
const PHI0 = (49 * Math.PI) / 180;
const LAMBDA0 = (-2 * Math.PI) / 180;
const E0 = 400000;
const N0 = -100000;

const ARCSEC = Math.PI / (180 * 3600);

/**
 * WGS84 → OSGB36 Helmert parameters (OS guide, table 6: tx, ty, tz in metres, scale in ppm,
 * rotations in arc-seconds). The reverse direction uses the same values negated, as OS advise.
 */
const WGS84_TO_OSGB36 = { tx: -446.448, ty: 125.157, tz: -542.06, s: 20.4894, rx: -0.1502, ry: -0.247, rz: -0.8421 };

const deg = (rad: number) => (rad * 180) / Math.PI;
const rad = (d: number) => (d * Math.PI) / 180;

/** Meridional arc from the true origin to latitude `phi` (OS guide, equation C3). */
function meridionalArc(phi: number, { a, b }: Ellipsoid): number {
	const n = (a - b) / (a + b);
	const n2 = n * n;
	const n3 = n2 * n;
	const d = phi - PHI0;
	const s = phi + PHI0;
	return (
		b *
		F0 *
		((1 + n + (5 / 4) * n2 + (5 / 4) * n3) * d -
			(3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(d) * Math.cos(s) +
			((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * d) * Math.cos(2 * s) -
			(35 / 24) * n3 * Math.sin(3 * d) * Math.cos(3 * s))
	);
}

/** Easting/northing (metres) → OSGB36 latitude and longitude in degrees. */
export function gridToOsgb36(easting: number, northing: number): { lat: number; lon: number } {
	const { a, b } = AIRY_1830;
	const e2 = (a * a - b * b) / (a * a);
	let phi = PHI0;
	let m = 0;
	// Iterate until the arc matches the northing to 0.01 mm (a handful of rounds).
	do {
		phi = (northing - N0 - m) / (a * F0) + phi;
		m = meridionalArc(phi, AIRY_1830);
	} while (Math.abs(northing - N0 - m) >= 0.00001);

	const sin = Math.sin(phi);
	const nu = (a * F0) / Math.sqrt(1 - e2 * sin * sin);
	const rho = (a * F0 * (1 - e2)) / Math.pow(1 - e2 * sin * sin, 1.5);
	const eta2 = nu / rho - 1;
	const tan = Math.tan(phi);
	const tan2 = tan * tan;
	const tan4 = tan2 * tan2;
	const tan6 = tan4 * tan2;
	const sec = 1 / Math.cos(phi);
	const nu3 = nu * nu * nu;
	const nu5 = nu3 * nu * nu;
	const nu7 = nu5 * nu * nu;

	const VII = tan / (2 * rho * nu);
	const VIII = (tan / (24 * rho * nu3)) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2);
	const IX = (tan / (720 * rho * nu5)) * (61 + 90 * tan2 + 45 * tan4);
	const X = sec / nu;
	const XI = (sec / (6 * nu3)) * (nu / rho + 2 * tan2);
	const XII = (sec / (120 * nu5)) * (5 + 28 * tan2 + 24 * tan4);
	const XIIA = (sec / (5040 * nu7)) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan6);

	const dE = easting - E0;
	const dE2 = dE * dE;
	const lat = phi - VII * dE2 + VIII * dE2 * dE2 - IX * dE2 * dE2 * dE2;
	const lon = LAMBDA0 + X * dE - XI * dE2 * dE + XII * dE2 * dE2 * dE - XIIA * dE2 * dE2 * dE2 * dE;
	return { lat: deg(lat), lon: deg(lon) };
}

/** OSGB36 latitude and longitude in degrees → easting/northing (metres). */
export function osgb36ToGrid(latDeg: number, lonDeg: number): { easting: number; northing: number } {
	const { a, b } = AIRY_1830;
	const e2 = (a * a - b * b) / (a * a);
	const phi = rad(latDeg);
	const sin = Math.sin(phi);
	const cos = Math.cos(phi);
	const nu = (a * F0) / Math.sqrt(1 - e2 * sin * sin);
	const rho = (a * F0 * (1 - e2)) / Math.pow(1 - e2 * sin * sin, 1.5);
	const eta2 = nu / rho - 1;
	const tan2 = Math.tan(phi) ** 2;
	const tan4 = tan2 * tan2;
	const cos3 = cos ** 3;
	const cos5 = cos ** 5;

	const I = meridionalArc(phi, AIRY_1830) + N0;
	const II = (nu / 2) * sin * cos;
	const III = (nu / 24) * sin * cos3 * (5 - tan2 + 9 * eta2);
	const IIIA = (nu / 720) * sin * cos5 * (61 - 58 * tan2 + tan4);
	const IV = nu * cos;
	const V = (nu / 6) * cos3 * (nu / rho - tan2);
	const VI = (nu / 120) * cos5 * (5 - 18 * tan2 + tan4 + 14 * eta2 - 58 * tan2 * eta2);

	const dL = rad(lonDeg) - LAMBDA0;
	const dL2 = dL * dL;
	return {
		northing: I + II * dL2 + III * dL2 * dL2 + IIIA * dL2 * dL2 * dL2,
		easting: E0 + IV * dL + V * dL2 * dL + VI * dL2 * dL2 * dL
	};
}

type Cartesian = [number, number, number];

function toCartesian(latDeg: number, lonDeg: number, { a, b }: Ellipsoid): Cartesian {
	const e2 = (a * a - b * b) / (a * a);
	const phi = rad(latDeg);
	const lambda = rad(lonDeg);
	const sin = Math.sin(phi);
	const nu = a / Math.sqrt(1 - e2 * sin * sin);
	return [nu * Math.cos(phi) * Math.cos(lambda), nu * Math.cos(phi) * Math.sin(lambda), nu * (1 - e2) * sin];
}

function fromCartesian([x, y, z]: Cartesian, { a, b }: Ellipsoid): { lat: number; lon: number } {
	const e2 = (a * a - b * b) / (a * a);
	const p = Math.hypot(x, y);
	let phi = Math.atan2(z, p * (1 - e2));
	// Converges to well under a millimetre in a few rounds.
	for (let i = 0; i < 10; i++) {
		const sin = Math.sin(phi);
		const nu = a / Math.sqrt(1 - e2 * sin * sin);
		const next = Math.atan2(z + e2 * nu * sin, p);
		if (Math.abs(next - phi) < 1e-12) {
			phi = next;
			break;
		}
		phi = next;
	}
	return { lat: deg(phi), lon: deg(Math.atan2(y, x)) };
}

function helmert([x, y, z]: Cartesian, sign: 1 | -1): Cartesian {
	const t = WGS84_TO_OSGB36;
	const s = 1 + (sign * t.s) / 1e6;
	const rx = sign * t.rx * ARCSEC;
	const ry = sign * t.ry * ARCSEC;
	const rz = sign * t.rz * ARCSEC;
	return [sign * t.tx + s * x - rz * y + ry * z, sign * t.ty + rz * x + s * y - rx * z, sign * t.tz - ry * x + rx * y + s * z];
}

/** British National Grid easting/northing (metres) → WGS84 `[longitude, latitude]` in degrees. */
export function bngToWgs84(easting: number, northing: number): Position {
	const osgb = gridToOsgb36(easting, northing);
	const { lat, lon } = fromCartesian(helmert(toCartesian(osgb.lat, osgb.lon, AIRY_1830), -1), WGS84);
	return [lon, lat];
}

/** WGS84 longitude/latitude in degrees → British National Grid `[easting, northing]` in metres. */
export function wgs84ToBng(lon: number, lat: number): Position {
	const osgb = fromCartesian(helmert(toCartesian(lat, lon, WGS84), 1), AIRY_1830);
	const { easting, northing } = osgb36ToGrid(osgb.lat, osgb.lon);
	return [easting, northing];
}

/** The National Grid's extent in metres, a little widened: coordinates inside it are taken as BNG. */
export const BNG_EXTENT = { minX: -10_000, minY: -10_000, maxX: 710_000, maxY: 1_310_000 } as const;
