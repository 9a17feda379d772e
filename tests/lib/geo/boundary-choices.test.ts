/**
 * What the Import page offers when a boundary file's code property is not recognised: the
 * features' properties with sample values, what was recognised, and the level a chosen property
 * gives (or none, so the user is asked).
 */
import { describe, expect, it } from 'vitest';
import { boundaryChoices, levelOfChoice, parseBoundaries, propertyCandidates } from '$lib/geo/boundaries';
import { BoundaryError } from '$lib/geo/rules/rule';
import { feature, featureCollection, SMALL_AREAS, square } from './fixtures';

const ZONES = featureCollection([
	feature({ zone_id: 'E05000001', zone_label: 'North', colour: 'red' }),
	feature({ zone_id: 'E05000002', zone_label: 'South', colour: 'red' }, square(1, 1, 0.01)),
	feature({ zone_id: 'E05000003', zone_label: 'East', colour: 'blue' }, square(2, 2, 0.01)),
	feature({ zone_id: 'E05000004', zone_label: 'West' }, square(3, 3, 0.01))
]);

describe('propertyCandidates', () => {
	it('lists every property in the order met, with a few distinct sample values and how many features have one', () => {
		const { properties } = boundaryChoices('zones.geojson', ZONES);
		expect(properties).toEqual([
			{ name: 'zone_id', samples: ['E05000001', 'E05000002', 'E05000003'], filled: 4, total: 4 },
			{ name: 'zone_label', samples: ['North', 'South', 'East'], filled: 4, total: 4 },
			{ name: 'colour', samples: ['red', 'blue'], filled: 3, total: 4 }
		]);
	});

	it('shows numbers as text, skips blanks and non-scalar values, and shortens long values', () => {
		const long = 'x'.repeat(60);
		const rows = propertyCandidates([
			{ type: 'Feature', properties: { n: 101, blank: '  ', nested: { a: 1 }, long }, geometry: null },
			{ type: 'Feature', properties: null, geometry: null }
		] as never);
		expect(rows.find((r) => r.name === 'n')).toEqual({ name: 'n', samples: ['101'], filled: 1, total: 2 });
		expect(rows.find((r) => r.name === 'blank')).toMatchObject({ samples: [], filled: 0 });
		expect(rows.find((r) => r.name === 'nested')).toMatchObject({ samples: [], filled: 0 });
		expect(rows.find((r) => r.name === 'long')!.samples[0]).toHaveLength(40);
		expect(rows.find((r) => r.name === 'long')!.samples[0].endsWith('…')).toBe(true);
	});

	it('keeps markup in values as plain text (the page prints it as text)', () => {
		const rows = propertyCandidates([{ type: 'Feature', properties: { code: '<img src=x onerror=alert(1)>' }, geometry: null }] as never);
		expect(rows[0].samples).toEqual(['<img src=x onerror=alert(1)>']);
	});
});

describe('boundaryChoices', () => {
	it('reports nothing recognised for an unrecognisable code property', () => {
		expect(boundaryChoices('zones.geojson', ZONES).recognised).toMatchObject({ code: null, name: null });
	});

	it('reports what was recognised, so the form starts from it', () => {
		expect(boundaryChoices('small.geojson', SMALL_AREAS).recognised).toMatchObject({ code: 'LSOA21CD', name: 'LSOA21NM', level: 'small_area' });
	});

	it('refuses a file that is not a feature collection with its rule', () => {
		expect(() => boundaryChoices('bad.geojson', '{"type":"Point"}')).toThrow(BoundaryError);
		expect(() => boundaryChoices('bad.geojson', 'not json')).toThrow(/BND01/);
	});

	it('reads TopoJSON properties', () => {
		const topology = {
			type: 'Topology',
			arcs: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
			objects: { z: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0]], properties: { zone_id: 'A1' } }] } }
		};
		expect(boundaryChoices('z.topojson', JSON.stringify(topology)).properties).toEqual([{ name: 'zone_id', samples: ['A1'], filled: 1, total: 1 }]);
	});
});

describe('levelOfChoice', () => {
	it('takes the level from the property name, else from a sample code, else none', () => {
		expect(levelOfChoice('WD24CD', 'whatever')).toBe('ward');
		expect(levelOfChoice('zone_id', 'E01000001')).toBe('small_area');
		expect(levelOfChoice('zone_id', 'E05000001')).toBe('ward');
		expect(levelOfChoice('zone_id', 'Z1')).toBeNull();
		expect(levelOfChoice('zone_id', null)).toBeNull();
	});
});

describe('loading with the chosen properties', () => {
	it('refuses the file with BND04 until the code property is chosen, then loads it', () => {
		expect(() => parseBoundaries('zones.geojson', ZONES)).toThrow(/BND04/);
		const set = parseBoundaries('zones.geojson', ZONES, { codeProperty: 'zone_id', nameProperty: 'zone_label' });
		expect(set.level).toBe('ward');
		expect(set.areas.map((a) => [a.code, a.name])).toEqual([
			['E05000001', 'North'], ['E05000002', 'South'], ['E05000003', 'East'], ['E05000004', 'West']
		]);
	});

	it('asks for the level (BND06) when neither the property nor the codes tell it', () => {
		const text = featureCollection([feature({ zone_id: 'Z1' })]);
		expect(() => parseBoundaries('z.geojson', text, { codeProperty: 'zone_id' })).toThrow(/BND06/);
		expect(parseBoundaries('z.geojson', text, { codeProperty: 'zone_id', level: 'ward' }).level).toBe('ward');
	});
});
