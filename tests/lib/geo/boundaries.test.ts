/**
 * Reading boundary files: properties recognised (or chosen), level and vintage, British National
 * Grid detected and converted, TopoJSON read; the real Southend files as published.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { levelOfCode, parseBoundaries, recogniseProperties } from '$lib/geo/boundaries';
import { wgs84ToBng } from '$lib/geo/bng';
import type { AreaGeometry, Position } from '$lib/geo/geometry';
import { feature, featureCollection, SMALL_AREAS, square } from './fixtures';

const REAL = join(process.cwd(), '..', 'shared', 'realdata', 'boundaries');
const HAVE_REAL = existsSync(REAL);
const SKIP_NOTE = `real data folder ${REAL} is absent (a fresh clone): nothing to check here`;

const positions = (g: AreaGeometry): Position[] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2);

describe('recognising properties', () => {
	it.each([
		[['LSOA21CD', 'LSOA21NM', 'WD24CD'], { code: 'LSOA21CD', name: 'LSOA21NM', parent: 'WD24CD', vintage: '2021', level: 'small_area' }],
		[['WD13CD', 'WD13CDO', 'WD13NM', 'WD13NMW'], { code: 'WD13CD', name: 'WD13NM', parent: null, vintage: '2013', level: 'ward' }],
		[['WD24CD', 'WD24NM', 'LAD24CD'], { code: 'WD24CD', name: 'WD24NM', parent: 'LAD24CD', vintage: '2024', level: 'ward' }],
		[['objectid', 'lad23cd', 'lad23nm'], { code: 'lad23cd', name: 'lad23nm', parent: null, vintage: '2023', level: 'la' }],
		[['LSOA11CD', 'LSOA11NM'], { code: 'LSOA11CD', name: 'LSOA11NM', parent: null, vintage: '2011', level: 'small_area' }],
		// Any …CD/…NM pair, of a geography the product does not know by name.
		[['FID', 'PFA23CD', 'PFA23NM'], { code: 'PFA23CD', name: 'PFA23NM', parent: null, vintage: '2023', level: null }],
		[['Code', 'Name'], { code: 'Code', name: 'Name', parent: null, vintage: null, level: null }],
		[['area_code', 'area_name'], { code: 'area_code', name: 'area_name', parent: null, vintage: null, level: null }],
		[['OBJECTID', 'Shape__Area'], { code: null, name: null, parent: null, vintage: null, level: null }]
	])('%j', (names, expected) => {
		expect(recogniseProperties(names)).toEqual(expected);
	});

	it('tells the level from GSS codes when the property does not say', () => {
		expect(levelOfCode('E01015814')).toBe('small_area');
		expect(levelOfCode('E02000001')).toBe('small_area');
		expect(levelOfCode('E05002212')).toBe('ward');
		expect(levelOfCode('W06000015')).toBe('la');
		expect(levelOfCode('X05000001')).toBe('ward'); // the sample partnership's codes
		expect(levelOfCode('E12000006')).toBeNull(); // a region
		expect(levelOfCode('Ward 1')).toBeNull();
	});
});

describe('parseBoundaries', () => {
	it('reads areas with code, name and parent from a GeoJSON file', () => {
		const set = parseBoundaries('small.geojson', SMALL_AREAS);
		expect(set).toMatchObject({ format: 'geojson', sourceCrs: 'wgs84', level: 'small_area', vintage: '2021', codeProperty: 'LSOA21CD', nameProperty: 'LSOA21NM', parentProperty: 'WD24CD' });
		expect(set.areas.map((a) => [a.code, a.name, a.parentCode])).toEqual([
			['E01000001', 'Area 1', 'E05000001'],
			['E01000002', 'Area 2', 'E05000002'],
			['E01000003', 'Area 3', 'E05000001'],
			['E01000004', 'Area 4', 'E05000002']
		]);
		expect(set.areas[0].geometry).toEqual({ type: 'Polygon', coordinates: [square(0.5, 51.5, 0.01)] });
	});

	it('lets the caller choose the code and name properties and the level', () => {
		const text = featureCollection([feature({ ref: 'A1', label: 'First', code: 'ignored' }), feature({ ref: 'A2', label: 'Second', code: 'ignored2' }, square(1, 1, 0.01))]);
		const set = parseBoundaries('custom.geojson', text, { codeProperty: 'ref', nameProperty: 'label', level: 'ward', vintage: '2025' });
		expect(set.areas.map((a) => [a.code, a.name])).toEqual([['A1', 'First'], ['A2', 'Second']]);
		expect(set).toMatchObject({ level: 'ward', vintage: '2025', codeProperty: 'ref', parentProperty: null });
	});

	it('reads a plain code/name file, taking the level from the codes', () => {
		const set = parseBoundaries('plain.geojson', featureCollection([feature({ code: 'E05000001', name: 'North' })]));
		expect(set.level).toBe('ward');
		expect(set.areas[0]).toMatchObject({ code: 'E05000001', name: 'North' });
	});

	it('takes numeric codes as text and accepts a byte-order mark', () => {
		const set = parseBoundaries('bom.geojson', '\ufeff' + featureCollection([feature({ code: 101 })]), { level: 'ward' });
		expect(set.areas[0].code).toBe('101');
	});

	it('reads a MultiPolygon and closes a ring left open', () => {
		const text = JSON.stringify({
			type: 'FeatureCollection',
			features: [{ type: 'Feature', properties: { WD24CD: 'E05000001' }, geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1]]], [square(2, 2, 1)]] } }]
		});
		const g = parseBoundaries('multi.geojson', text).areas[0].geometry;
		expect(g.type).toBe('MultiPolygon');
		expect(g.type === 'MultiPolygon' && g.coordinates[0][0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
	});

	it('reads TopoJSON', () => {
		const topology = {
			type: 'Topology',
			arcs: [[[0.5, 51.5], [0.51, 51.5], [0.51, 51.51], [0.5, 51.51], [0.5, 51.5]]],
			objects: { lsoa: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0]], properties: { LSOA21CD: 'E01000001', LSOA21NM: 'One' } }] } }
		};
		const set = parseBoundaries('areas.topojson', JSON.stringify(topology));
		expect(set).toMatchObject({ format: 'topojson', level: 'small_area' });
		expect(set.areas[0]).toMatchObject({ code: 'E01000001', name: 'One', geometry: { type: 'Polygon', coordinates: [square(0.5, 51.5, 0.01)] } });
	});

	describe('British National Grid', () => {
		// The sample small areas, converted to the grid here and written as an ONS download would be.
		const wgs = parseBoundaries('small.geojson', SMALL_AREAS);
		const toGrid = (withCrs: boolean) =>
			JSON.stringify({
				type: 'FeatureCollection',
				...(withCrs ? { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::27700' } } } : {}),
				features: wgs.areas.map((a) => ({
					type: 'Feature',
					properties: { LSOA21CD: a.code },
					geometry: { type: 'Polygon', coordinates: (a.geometry.type === 'Polygon' ? a.geometry.coordinates : []).map((r) => r.map(([x, y]) => wgs84ToBng(x, y).map((v) => Math.round(v * 1000) / 1000))) }
				}))
			});

		it.each([['named by its crs member', true], ['recognised from metre-sized coordinates', false]])('is %s and converted back to longitude/latitude', (_how, withCrs) => {
			const set = parseBoundaries('bng.geojson', toGrid(withCrs));
			expect(set.sourceCrs).toBe('bng');
			set.areas.forEach((a, i) => {
				const back = positions(a.geometry);
				const original = positions(wgs.areas[i].geometry);
				// Grid → WGS84 after WGS84 → grid agrees to about a centimetre (7 decimals ≈ 1 cm).
				back.forEach(([x, y], k) => {
					expect(Math.abs(x - original[k][0])).toBeLessThan(2e-7);
					expect(Math.abs(y - original[k][1])).toBeLessThan(2e-7);
				});
			});
		});
	});

	describe('real Southend files (../shared/realdata/boundaries)', () => {
		it('recognises the 2011 LSOAs and the 2013 wards', () => {
			if (!HAVE_REAL) return console.warn(SKIP_NOTE);
			const lsoa = parseBoundaries('southend-lsoa2011.geojson', readFileSync(join(REAL, 'southend-lsoa2011.geojson'), 'utf8'));
			expect(lsoa).toMatchObject({ level: 'small_area', vintage: '2011', codeProperty: 'LSOA11CD', nameProperty: 'LSOA11NM', sourceCrs: 'wgs84' });
			expect(lsoa.areas).toHaveLength(107);
			expect(lsoa.areas.find((a) => a.code === 'E01015814')?.name).toBe('Southend-on-Sea 003A');
			const wards = parseBoundaries('southend-wards2013.geojson', readFileSync(join(REAL, 'southend-wards2013.geojson'), 'utf8'));
			expect(wards).toMatchObject({ level: 'ward', vintage: '2013', codeProperty: 'WD13CD', nameProperty: 'WD13NM' });
			expect(wards.areas.map((a) => a.name)).toContain('Shoeburyness');
			expect(wards.areas).toHaveLength(17);
		});
	});
});
