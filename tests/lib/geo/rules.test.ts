/**
 * Every boundary rule on its own (its check passes good input and explains bad input), and through
 * parseBoundaries (the file is refused with the rule's code). Store-level "changes nothing" is in
 * boundary-store.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseBoundaries, type BoundaryOptions } from '$lib/geo/boundaries';
import { BOUNDARY_RULES, BoundaryError } from '$lib/geo/rules';
import { areaGeometry, isFeatureCollection, isJson } from '$lib/geo/rules/format';
import { codeProperty, knownLevel, uniqueCodes } from '$lib/geo/rules/properties';
import { knownCrs, nonEmptyGeometry, simpleRings } from '$lib/geo/rules/geometry';
import { codesMatchData } from '$lib/geo/rules/data';
import { feature, featureCollection, SMALL_AREAS, square } from './fixtures';

/** The code of the rule that refuses `text`, with the message, or null when it is accepted. */
function refusal(text: string, options: BoundaryOptions = {}): { code: string; message: string } | null {
	try {
		parseBoundaries('test.geojson', text, options);
		return null;
	} catch (err) {
		if (!(err instanceof BoundaryError)) throw err;
		return { code: err.code, message: err.message };
	}
}

describe('boundary rules', () => {
	it('have distinct codes BND01… and say what to do', () => {
		expect(BOUNDARY_RULES.map((r) => r.code)).toEqual(['BND01', 'BND02', 'BND03', 'BND04', 'BND05', 'BND06', 'BND07', 'BND08', 'BND09', 'BND10']);
		for (const r of BOUNDARY_RULES) {
			expect(r.title.length, r.code).toBeGreaterThan(5);
			expect(r.advice.length, r.code).toBeGreaterThan(20);
		}
	});

	it('accept a good file', () => {
		expect(refusal(SMALL_AREAS)).toBeNull();
	});

	it('BND01: the file is JSON', () => {
		expect(isJson.check('{"type":"FeatureCollection"}')).toBeNull();
		expect(isJson.check('LSOA21CD,geometry\n')).toMatch(/not JSON/);
		expect(isJson.check('{"type":"FeatureCollection","features":[')).toMatch(/cut short/);
		expect(refusal('PK\u0003\u0004 shapefile zip')).toMatchObject({ code: 'BND01', message: expect.stringContaining('test.geojson: is not JSON text') });
	});

	it('BND02: the JSON holds features', () => {
		expect(isFeatureCollection.check({ type: 'Feature', properties: {}, geometry: null })).toBeNull();
		expect(isFeatureCollection.check([1, 2])).toMatch(/not GeoJSON/);
		expect(refusal('{"type":"Polygon","coordinates":[]}')).toMatchObject({ code: 'BND02', message: expect.stringContaining('GeoJSON Polygon, not a FeatureCollection') });
		expect(refusal('{"type":"FeatureCollection","features":[]}')?.code).toBe('BND02');
		expect(refusal('{"name":"x"}')?.code).toBe('BND02');
	});

	it('BND03: every feature is an area', () => {
		expect(areaGeometry.check([{ geometryType: 'Polygon' }, { geometryType: 'MultiPolygon' }, { geometryType: null }])).toBeNull();
		const points = featureCollection([feature({ code: 'E01000001' }), { properties: { code: 'E01000002' }, geometry: { type: 'Point', coordinates: [0, 51] } }]);
		expect(refusal(points)).toMatchObject({ code: 'BND03', message: expect.stringContaining('feature 2 (E01000002) is a Point') });
	});

	it('BND04: every area has a code', () => {
		expect(codeProperty.check({ property: 'code', available: ['code'], values: ['A', 7] })).toBeNull();
		const noCode = featureCollection([feature({ OBJECTID: 1, Shape__Area: 2 })]);
		expect(refusal(noCode)).toMatchObject({ code: 'BND04', message: expect.stringContaining('properties found: OBJECTID, Shape__Area') });
		const blank = featureCollection([feature({ LSOA21CD: 'E01000001' }), feature({ LSOA21CD: '  ' }, square(1, 1, 0.01))]);
		expect(refusal(blank)).toMatchObject({ code: 'BND04', message: expect.stringContaining('feature 2 has no value') });
		expect(refusal(SMALL_AREAS, { codeProperty: 'LSOA11CD' })).toMatchObject({ code: 'BND04', message: expect.stringContaining('no property "LSOA11CD"') });
	});

	it('BND05: each code appears once', () => {
		expect(uniqueCodes.check(['A', 'B'])).toBeNull();
		expect(uniqueCodes.check(['A', 'B', 'A'])).toMatch(/1 area code\(s\) on more than one feature, for example A/);
		// Choosing the ward code of a small-area file: two small areas per ward.
		expect(refusal(SMALL_AREAS, { codeProperty: 'WD24CD' })).toMatchObject({ code: 'BND05', message: expect.stringContaining('E05000001') });
	});

	it('BND06: the level is known', () => {
		expect(knownLevel.check({ level: 'ward', property: 'code', example: 'A' })).toBeNull();
		const unknown = featureCollection([feature({ code: 'NB-1' })]);
		expect(refusal(unknown)).toMatchObject({ code: 'BND06', message: expect.stringContaining('codes such as NB-1') });
		expect(refusal(unknown, { level: 'ward' })).toBeNull();
	});

	it('BND07: every area has a shape', () => {
		expect(nonEmptyGeometry.check([{ code: 'A', geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } }])).toBeNull();
		const cases: [string, unknown][] = [
			['has no geometry', null],
			['has an empty geometry', { type: 'Polygon', coordinates: [] }],
			['fewer than four positions', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }],
			['encloses no area', { type: 'Polygon', coordinates: [[[0, 0], [1, 1], [2, 2], [0, 0]]] }],
			['has no geometry', { type: 'Polygon', coordinates: [[[0, 0], ['x', 1], [1, 1], [0, 0]]] }]
		];
		for (const [words, geometry] of cases) {
			const text = featureCollection([feature({ WD24CD: 'E05000001' }), { properties: { WD24CD: 'E05000002' }, geometry: geometry as never }]);
			expect(refusal(text), words).toMatchObject({ code: 'BND07', message: expect.stringContaining(`feature 2 (E05000002) ${words}`.replace('(E05000002) fewer', '(E05000002) has a ring with fewer')) });
		}
	});

	it('BND08: coordinates are longitude/latitude or British National Grid', () => {
		expect(knownCrs.check({ crsName: null, bbox: [0, 51, 1, 52], detected: 'wgs84' })).toBeNull();
		const webMercator = featureCollection([feature({ WD24CD: 'E05000001' }, square(60000, 6700000, 500))], 'urn:ogc:def:crs:EPSG::3857');
		expect(refusal(webMercator)).toMatchObject({ code: 'BND08', message: expect.stringContaining('EPSG::3857') });
		const outside = featureCollection([feature({ WD24CD: 'E05000001' }, square(60000, 6700000, 500))]);
		expect(refusal(outside)).toMatchObject({ code: 'BND08', message: expect.stringContaining('neither longitude/latitude nor British National Grid') });
	});

	it('BND09: no ring crosses itself', () => {
		// A lopsided bow tie (a symmetric one encloses no net area, which BND07 would catch first):
		// edges (0.5, 51.5)–(0.53, 51.52) and (0.53, 51.5)–(0.5, 51.51) cross at t = 1/3: (0.51, 51.506667).
		const bowTie = [[0.5, 51.5], [0.53, 51.52], [0.53, 51.5], [0.5, 51.51], [0.5, 51.5]] as const;
		expect(simpleRings.check([{ code: 'A', geometry: { type: 'Polygon', coordinates: [square(0, 0, 1)] } }])).toBeNull();
		const text = featureCollection([feature({ WD24CD: 'E05000001' }), feature({ WD24CD: 'E05000002' }, bowTie)]);
		expect(refusal(text)).toMatchObject({ code: 'BND09', message: expect.stringContaining('feature 2 (E05000002) has a ring that crosses itself near 0.510000, 51.506667') });
	});

	it('BND10: the codes match the data, when the data has codes at this level', () => {
		expect(codesMatchData.check({ codes: ['A', 'B'], dataCodes: new Set() })).toBeNull();
		expect(codesMatchData.check({ codes: ['A', 'B'], dataCodes: new Set(['B', 'C']) })).toBeNull();
		const wrongVintage = refusal(SMALL_AREAS, { dataCodes: new Set(['E01015814', 'E01015815']) });
		expect(wrongVintage).toMatchObject({ code: 'BND10', message: expect.stringContaining('matching none of the workspace\'s 2 codes') });
		expect(wrongVintage?.message).toContain('LSOA 2011 and 2021 codes differ');
	});
});
