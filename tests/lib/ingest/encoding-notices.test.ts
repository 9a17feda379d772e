import { describe, expect, it } from 'vitest';
import { createNodeEngine } from '$lib/db/node';
import { encodingNotices, importFile, inspectFile } from '$lib/ingest/pipeline';

describe('encoding notices', () => {
	it('say how many bytes were not UTF-8 and where the first was', () => {
		expect(encodingNotices({ decoded: { strayBytes: { count: 2, firstLine: 7 } } as never })).toEqual([
			'The file is UTF-8 but has 2 bytes that are not valid UTF-8 (the first on line 7). Each was read as "\uFFFD" and the rest of the file as it is: check those cells, or export the file again.'
		]);
		expect(encodingNotices({ decoded: {} as never })).toEqual([]);
	});

	it('say a file that ends part-way through a character looks cut short', () => {
		expect(encodingNotices({ decoded: { strayBytes: { count: 2, firstLine: 40, atEnd: true } } as never })).toEqual([
			'The file ends part-way through a character (on line 40), as if it was cut short. That character was read as "\uFFFD": check the file is the whole export, or export it again.'
		]);
	});

	it('reach the user with the import of a recognised file', async () => {
		const engine = await createNodeEngine();
		const enc = new TextEncoder();
		const text = enc.encode('Month,Area Code,Location Type,Count,Agency\n2026-05,X01000001,Private address,12,Voluntary sector Zoë\n');
		const bytes = new Uint8Array([...text.subarray(0, text.length - 1), 0xff, 0x0a]);
		const inspection = await inspectFile(engine, { name: 'stray.csv', bytes });
		const outcome = await importFile(engine, inspection);
		expect(outcome.result.rowsLoaded).toBe(1);
		expect(outcome.notices.join(' ')).toMatch(/1 byte that is not valid UTF-8 \(the first on line 2\)/);
		await engine.close();
	});
});
