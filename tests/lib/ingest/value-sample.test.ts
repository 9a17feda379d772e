/**
 * The value sample staging counts (value-sample.ts): which records it looks at, what it counts,
 * and that the staging of a whole file fills it.
 */
import { describe, expect, it } from 'vitest';
import { addToValueSample, emptyValueSample, isSampledRecord } from '$lib/ingest/value-sample';
import { prepareCsv } from '$lib/ingest/stage';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('value sample', () => {
	it('looks at the first 32 records and then one in 512, spread over the file', () => {
		const sampled = Array.from({ length: 2000 }, (_, i) => i).filter(isSampledRecord);
		expect(sampled).toEqual([...Array.from({ length: 32 }, (_, i) => i), 512, 1024, 1536]);
	});

	it('counts each cell by column, ignoring cells past the columns it was made for', () => {
		const sample = emptyValueSample(2);
		addToValueSample(sample, ['Y', 'F']);
		addToValueSample(sample, ['Y', '', 'extra']);
		addToValueSample(sample, ['N']);
		expect(sample.map((m) => Object.fromEntries(m))).toEqual([{ Y: 2, N: 1 }, { F: 1, '': 1 }]);
	});

	it('is counted while a file is staged: trimmed cells, quoted or not, blank as an empty string', () => {
		const rows = Array.from({ length: 1100 }, (_, i) => (i === 600 ? '"x, y", Q ' : i % 2 ? 'a, Y ' : 'b,N'));
		const { staging } = prepareCsv('sample.csv', utf8(['Code,Flag', ...rows, 'c,'].join('\n')));
		// Records 0–31, 512 and 1024 (a 'b,N' and an 'a, Y ' among them); the last record (1100) is not sampled.
		expect(staging.valueSample.map((m) => Object.fromEntries(m))).toEqual([
			{ b: 18, a: 16 },
			{ N: 18, Y: 16 }
		]);
		const quoted = prepareCsv('quoted.csv', utf8(['Code,Flag', '"x, y", Q ', ' ,z', 'w,'].join('\n'))).staging.valueSample;
		expect(quoted.map((m) => Object.fromEntries(m))).toEqual([{ 'x, y': 1, '': 1, w: 1 }, { Q: 1, z: 1, '': 1 }]);
	});
});
