/**
 * decodeCsv on the files agencies really send: every encoding, delimiter and line end, quoting,
 * blank lines, header spellings, files that are not CSV at all, and a 1,000,000-row file.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { countDataRecords, cutCharacterAtEnd, decodeCsv, headerKey, walkRecords, type DecodedCsv } from '$lib/ingest/decode';
import { ImportError } from '$lib/ingest/errors';

const utf8 = (text: string) => new TextEncoder().encode(text);
const utf16le = (text: string, bom = true) => new Uint8Array(Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(text, 'utf16le')]));
function utf16be(text: string): Uint8Array {
	const le = Buffer.from(text, 'utf16le');
	for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
	return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), le]));
}
/** Bytes written out by hand, strings as ASCII: how Excel saves "CSV" in the UK (Windows-1252). */
const bytes = (...parts: (string | number)[]) =>
	Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...p].map((c) => c.charCodeAt(0)))));

/** The ImportError `run` throws, checked to say what is wrong and what to do. */
function importError(run: () => unknown): ImportError {
	let caught: unknown;
	try {
		run();
	} catch (err) {
		caught = err;
	}
	expect(caught).toBeInstanceOf(ImportError);
	const err = caught as ImportError;
	expect(err.detail).toMatch(/^could not be read as CSV: /);
	expect(err.advice.length).toBeGreaterThan(20);
	return err;
}

describe('decodeCsv: encodings', () => {
	it('reads UTF-8 without a BOM', () => {
		const d = decodeCsv('a.csv', utf8('Name,Cost\nCafé,£1\n'));
		expect(d.encoding).toBe('utf-8');
		expect(d.text).toBe('Name,Cost\nCafé,£1\n');
		expect(d.preview).toEqual([['Café', '£1']]);
	});

	it('reads UTF-8 with a BOM, removing it from the text and the first header cell', () => {
		const d = decodeCsv('a.csv', utf8('\uFEFFCrime ID,Month\nx,2022-01\n'));
		expect(d.encoding).toBe('utf-8-bom');
		expect(d.text.charCodeAt(0)).toBe('C'.charCodeAt(0));
		expect(d.header).toEqual(['Crime ID', 'Month']);
	});

	it('reads Windows-1252 (£, é, smart quotes, €, dashes as single bytes), which is not valid UTF-8', () => {
		// "Name,Note\r\nCafé,£5 “ok” – €2\r\n" as Excel would save it in the UK.
		const d = decodeCsv('excel.csv', bytes('Name,Note\r\nCaf', 0xe9, ',', 0xa3, '5 ', 0x93, 'ok', 0x94, ' ', 0x96, ' ', 0x80, '2\r\n'));
		expect(d.encoding).toBe('windows-1252');
		expect(d.preview).toEqual([['Café', '£5 “ok” – €2']]);
		expect(d.text).toBe('Name,Note\nCafé,£5 “ok” – €2\n');
	});

	it('reads a UTF-8 file with one stray byte as UTF-8, marking the byte and saying where it is', () => {
		// A truncated export: "Zoë" is proper UTF-8 (C3 AB); a lone 0xFF on line 3 is not UTF-8 at all.
		const d = decodeCsv('stray.csv', bytes('Name,Note\nZo', 0xc3, 0xab, ',ok\nAmy,bad ', 0xff, ' byte\n'));
		expect(d.encoding).toBe('utf-8');
		expect(d.preview).toEqual([['Zoë', 'ok'], ['Amy', 'bad \uFFFD byte']]);
		expect(d.strayBytes).toEqual({ count: 1, firstLine: 3 });
		// A clean file has no such note.
		expect(decodeCsv('clean.csv', utf8('Name\nZoë\n')).strayBytes).toBeUndefined();
	});

	it('still reads Windows-1252 as Windows-1252 when it has no UTF-8 sequence at all', () => {
		const d = decodeCsv('excel.csv', bytes('Name\nCaf', 0xe9, '\nNa', 0xef, 've\n'));
		expect(d.encoding).toBe('windows-1252');
		expect(d.strayBytes).toBeUndefined();
		expect(d.preview).toEqual([['Café'], ['Naïve']]);
	});

	it('reads a UTF-8 file cut part-way through its last character as UTF-8, saying it ends early', () => {
		// "Zoë,ok\nAmy,caf" then the first two of the three bytes of "€" (E2 82 AC): the only other
		// non-ASCII character is also cut, so counting sequences alone would say Windows-1252.
		const cut = decodeCsv('cut.csv', bytes('Name,Note\nAmy,caf', 0xe2, 0x82));
		expect(cut.encoding).toBe('utf-8');
		expect(cut.text).toBe('Name,Note\nAmy,caf\uFFFD');
		expect(cut.strayBytes).toEqual({ count: 2, firstLine: 2, atEnd: true });
		// A lone lead byte at the end, after proper UTF-8.
		const lead = decodeCsv('cut.csv', bytes('Name\nZo', 0xc3, 0xab, '\nx', 0xf0));
		expect(lead.encoding).toBe('utf-8');
		expect(lead.strayBytes).toEqual({ count: 1, firstLine: 3, atEnd: true });
		// Bad bytes elsewhere as well: not a cut character, so sequences are counted as before.
		const excel = decodeCsv('excel.csv', bytes('Name\nCaf', 0xe9, '\n', 0xa3, '5\nx', 0xe2, 0x82));
		expect(excel.encoding).toBe('windows-1252');
		expect(excel.strayBytes).toBeUndefined();
		// A continuation byte too many is not a character begun: the end is not cut.
		expect(cutCharacterAtEnd(bytes('a', 0xc3, 0xab))).toBe(0);
		expect(cutCharacterAtEnd(bytes('a', 0xe2, 0x82, 0xac, 0x80))).toBe(0);
		expect(cutCharacterAtEnd(bytes('a', 0xf0, 0x9f, 0x98))).toBe(3);
		expect(cutCharacterAtEnd(bytes('a\n'))).toBe(0);
	});

	it('weighs UTF-8 characters against stray bytes: Windows-1252 with more lone bytes than UTF-8-looking pairs stays Windows-1252', () => {
		// "Â" then a no-break space (C2 A0) is also UTF-8 for U+00A0; "é" (E9) and "£" (A3) alone are not.
		const d = decodeCsv('excel.csv', bytes('Name\nR', 0xc2, 0xa0, '\nCaf', 0xe9, '\n', 0xa3, '5\n'));
		expect(d.encoding).toBe('windows-1252');
		expect(d.preview).toEqual([['R\u00c2\u00a0'], ['Café'], ['£5']]);
		// With as many such pairs as lone bytes, UTF-8 with a stray byte is the likelier reading.
		const tie = decodeCsv('tie.csv', bytes('Name\nR', 0xc2, 0xa0, '\nCaf', 0xe9, '\n'));
		expect(tie.encoding).toBe('utf-8');
		expect(tie.strayBytes).toEqual({ count: 1, firstLine: 3 });
	});

	it('reads UTF-16 LE with a BOM (Excel "Unicode text", TAB-delimited)', () => {
		const d = decodeCsv('unicode.txt', utf16le('Child ID\tNotes\r\nA1\tZoë’s “file”\r\n'));
		expect(d.encoding).toBe('utf-16le');
		expect(d.delimiter).toBe('\t');
		expect(d.header).toEqual(['Child ID', 'Notes']);
		expect(d.preview).toEqual([['A1', 'Zoë’s “file”']]);
	});

	it('reads UTF-16 BE with a BOM', () => {
		const d = decodeCsv('be.txt', utf16be('a;b\n£;é\n'));
		expect(d.encoding).toBe('utf-16be');
		expect(d.delimiter).toBe(';');
		expect(d.preview).toEqual([['£', 'é']]);
	});

	it('recognises UTF-16 LE without a BOM by its NUL bytes rather than calling it binary', () => {
		const d = decodeCsv('nobom.txt', utf16le('a,b\n1,2\n', false));
		expect(d.encoding).toBe('utf-16le');
		expect(d.header).toEqual(['a', 'b']);
	});
});

describe('decodeCsv: delimiters', () => {
	it.each([
		[',', 'a,b,c\n1,2,3\n4,5,6\n'],
		[';', 'a;b;c\n1,5;2,25;3\n4;5;6\n'],
		['\t', 'a\tb\tc\n1, 2\t2\t3\n4\t5\t6\n'],
		['|', 'a|b|c\n1|2|3\n4|5,5|6\n']
	])('detects %j', (delimiter, text) => {
		const d = decodeCsv('d.csv', utf8(text));
		expect(d.delimiter).toBe(delimiter);
		expect(d.header).toEqual(['a', 'b', 'c']);
		expect(d.preview.every((row) => row.length === 3)).toBe(true);
	});

	it('prefers the delimiter that splits the header when papaparse is unsure', () => {
		// One row only, with semicolons in the header and commas in the data ("1,5" is a decimal).
		const d = decodeCsv('d.csv', utf8('Area;Rate\nE01;1,5\n'));
		expect(d.delimiter).toBe(';');
		expect(d.preview).toEqual([['E01', '1,5']]);
	});

	it('accepts a file that genuinely has one column, even with trailing empty cells', () => {
		const d = decodeCsv('one.csv', utf8('Child ID\nA\nB\n'));
		expect(d.header).toEqual(['Child ID']);
		expect(d.preview).toEqual([['A'], ['B']]);
		expect(d.dataLines).toBe(2);
		expect(decodeCsv('one.csv', utf8('Child ID\nA,\nB,,\n')).preview).toEqual([['A', ''], ['B', '', '']]);
	});
});

describe('decodeCsv: line ends, quoting, blank lines', () => {
	it.each([
		['LF', 'a,b\n1,2\n3,4\n'],
		['CRLF', 'a,b\r\n1,2\r\n3,4\r\n'],
		['CR (old Mac)', 'a,b\r1,2\r3,4\r'],
		['mixed', 'a,b\r\n1,2\n3,4\r']
	])('normalises %s line ends to \\n', (_, text) => {
		const d = decodeCsv('l.csv', utf8(text));
		expect(d.text).toBe('a,b\n1,2\n3,4\n');
		expect(d.preview).toEqual([['1', '2'], ['3', '4']]);
		expect(d.dataLines).toBe(2);
	});

	it('keeps quoted commas, quotes and newlines inside one cell', () => {
		const d = decodeCsv('q.csv', utf8('Name,Note\r\n"Smith, J","He said ""hi""\r\nthen left"\r\nB,x\r\n'));
		expect(d.preview).toEqual([['Smith, J', 'He said "hi"\nthen left'], ['B', 'x']]);
		expect(d.dataLines).toBe(2);
	});

	it('skips blank lines, whitespace-only lines and trailing blank lines in the preview and the count', () => {
		const d = decodeCsv('b.csv', utf8('\n\na,b\n1,2\n\n   \n,\n3,4\n\n\n\n'));
		expect(d.header).toEqual(['a', 'b']);
		expect(d.preview).toEqual([['1', '2'], ['3', '4']]);
		expect(d.dataLines).toBe(2);
	});

	it('previews the first 20 data rows even after many blank lines, and rows longer than the sample', () => {
		const long = 'x'.repeat(100_000);
		const rows = Array.from({ length: 30 }, (_, i) => `${i + 1},"${i === 0 ? long : 'v'}"`);
		const d = decodeCsv('p.csv', utf8(['n,v', ...Array(40).fill(''), ...rows].join('\n')));
		expect(d.preview).toHaveLength(20);
		expect(d.preview[0]).toEqual(['1', long]);
		expect(d.preview[19]).toEqual(['20', 'v']);
		expect(d.dataLines).toBe(30);
	});

	it('keeps "1,296" as one cell and trims header cells', () => {
		const d = decodeCsv('n.csv', utf8(' Area , Population \nE01,"1,296"\n'));
		expect(d.header).toEqual(['Area', 'Population']);
		expect(d.preview).toEqual([['E01', '1,296']]);
	});

	it('counts records, not lines, and agrees with papaparse on awkward quoting', () => {
		const texts = [
			'a,b\n"x\ny",1\n"",""\n"p""q",2\n',
			'a,b\nx"y,1\n"He said "hi" ok",2\n',
			'a,b\n"x" ,1\n"y"  \n3,4',
			'a\tb\n"t\tu"\t1\n\t\n',
			'a;b\n"1;2";"3\n\n4"\n;\n'
		];
		for (const text of texts) {
			const delimiter = decodeCsv('x.csv', utf8(text)).delimiter;
			const papa = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' }).data.slice(1);
			const ours: string[][] = [];
			const header = walkRecords(text, delimiter, 0, 1, { plain: () => false, quoted: () => false });
			walkRecords(text, delimiter, header.end, header.line, {
				plain: (s, e) => void ours.push(text.slice(s, e).split(delimiter)),
				quoted: (cells) => void ours.push(cells)
			});
			expect(ours, JSON.stringify(text)).toEqual(papa);
			expect(countDataRecords(text, delimiter)).toBe(papa.length);
		}
	});
});

describe('headerKey', () => {
	it('makes spellings of the same header match', () => {
		expect(headerKey(['Crime ID', 'crime_id', 'CRIME-ID', ' Crime  ID ', '\uFEFFCrime ID', 'crime - id'])).toEqual(Array(6).fill('crime_id'));
		expect(headerKey(['CLA_group', 'LSOA code', 'Date of  Birth', 'RHI_Offered'])).toEqual(['cla_group', 'lsoa_code', 'date_of_birth', 'rhi_offered']);
	});

	it('keeps different headers different', () => {
		expect(new Set(headerKey(['Crime ID', 'Crime type', 'LSOA code', 'LSOA name'])).size).toBe(4);
	});
});

describe('decodeCsv: files that are not CSV', () => {
	it('refuses an empty file', () => {
		expect(importError(() => decodeCsv('e.csv', new Uint8Array(0))).detail).toMatch(/empty \(0 bytes\)/);
	});

	it.each([
		['spaces and newlines', utf8('  \r\n\n \t\n')],
		['only a BOM', utf8('\uFEFF')],
		['a BOM and blank lines', utf8('\uFEFF\r\n\r\n')],
		['a UTF-16 BOM and nothing else', new Uint8Array([0xff, 0xfe])]
	])('refuses a file of %s', (_, data) => {
		expect(importError(() => decodeCsv('w.csv', data)).detail).toMatch(/no data: it holds only blank lines or spaces/);
	});

	it('refuses an Excel workbook (.xlsx is a ZIP) and says how to save it as CSV', () => {
		const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, ...utf8('[Content_Types].xml')]);
		const err = importError(() => decodeCsv('Returns.xlsx', xlsx));
		expect(err.message).toBe(
			'Returns.xlsx: could not be read as CSV: it looks like an Excel workbook (.xlsx), not a CSV. ' +
				'In Excel use File › Save As › CSV UTF-8 and import that file. If it is a ZIP archive, unzip it and import the CSV inside.'
		);
		// Renamed to .csv, it is still a workbook; named .zip, it is an archive.
		expect(importError(() => decodeCsv('Returns.csv', xlsx)).detail).toMatch(/Excel workbook/);
		expect(importError(() => decodeCsv('export.zip', xlsx)).detail).toMatch(/ZIP archive/);
	});

	it.each([
		['an old .xls workbook', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0], /old-style Excel workbook \(\.xls\)/],
		['a PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d], /PNG image/],
		['a PDF', [...utf8('%PDF-1.7\n%')], /PDF document/],
		['a gzip file', [0x1f, 0x8b, 0x08, 0], /compressed \(gzip\)/]
	])('refuses %s by its magic bytes', (_, data, detail) => {
		expect(importError(() => decodeCsv('x.csv', Uint8Array.from(data))).detail).toMatch(detail);
	});

	it('refuses binary data by its NUL bytes', () => {
		expect(importError(() => decodeCsv('x.csv', bytes('abc,def\n', 0, 0, 0, 1, 2, 3, 0, 'x'))).detail).toMatch(/binary data \(NUL bytes\)/);
	});

	it('refuses random bytes', () => {
		let s = 12345;
		const random = Uint8Array.from({ length: 2000 }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
		expect(importError(() => decodeCsv('rnd.csv', random)).detail).toMatch(/binary data/);
	});

	it('refuses control characters even without NULs', () => {
		const noisy = Uint8Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x01 + (i % 7) : 0x41 + (i % 26)));
		expect(importError(() => decodeCsv('ctl.csv', noisy)).detail).toMatch(/control characters/);
	});

	it('refuses a web page saved instead of the CSV', () => {
		expect(importError(() => decodeCsv('x.csv', utf8('<!DOCTYPE html>\n<html><body>Sign in</body></html>'))).detail).toMatch(/web page \(HTML\)/);
	});

	it('refuses a file whose lines hold only delimiters: there is no header with column names', () => {
		expect(importError(() => decodeCsv('h.csv', utf8(',,,\r\n, ,,\r\n,,,\r\n'))).detail).toMatch(/no column names: every line is empty or holds only delimiters/);
	});

	it('skips a leading line of empty cells (as Excel leaves above a table) and reads the header below it', () => {
		const d = decodeCsv('h.csv', utf8(',,\nChild,Date,Label\nA,01/02/2024,x\n'));
		expect(d.header).toEqual(['Child', 'Date', 'Label']);
		expect(d.dataLines).toBe(1);
	});

	it('refuses a title line above the header, saying so', () => {
		const err = importError(() => decodeCsv('t.csv', utf8('Missing episodes Q1 2024\nChild,Start,End\nA,01/02/2024,02/02/2024\nB,03/02/2024,\n')));
		expect(err.detail).toMatch(/starts with a line of one cell \("Missing episodes Q1 2024"\) above rows of 3 cells: that looks like a title/);
		expect(err.advice).toMatch(/Delete any title/);
	});

	it('refuses a header with a quote that is never closed', () => {
		expect(importError(() => decodeCsv('q.csv', utf8('Child,"Identified,Label\nA,01/02/2024,x\n'))).detail).toMatch(/never closed/);
	});

	it('counts an unclosed quote in the data as one last record rather than failing', () => {
		expect(decodeCsv('q.csv', utf8('a,b\n1,2\n"3,4\n5,6\n')).dataLines).toBe(2);
	});
});

describe('decodeCsv: speed', () => {
	/** `rows` rows of a 10-column CSV, like a social care export. */
	function bigLines(rows: number): string[] {
		const lines = ['child_ref,assessment_date,seraf_score,seraf_category,exploitation_type,sex,month_of_birth,ethnicity_code,home_area,case_status'];
		for (let i = 0; i < rows; i++) {
			lines.push(`NB-${((i * 2654435761) >>> 0).toString(16).toUpperCase().padStart(8, '0')},2024-10-${String((i % 28) + 1).padStart(2, '0')},${i % 30},${(i % 4) + 1},cse,${i % 2 ? 'Female' : 'Male'},2008-11,APKN,X010000${(i % 90) + 10},open`);
		}
		return lines;
	}

	function time(decode: () => DecodedCsv) {
		const t0 = performance.now();
		const d = decode();
		const decodeMs = performance.now() - t0;
		const t1 = performance.now();
		const n = d.dataLines;
		return { d, n, decodeMs, countMs: performance.now() - t1 };
	}

	// Speed belongs in `npm run bench`; this checks a large file decodes correctly, and prints its time.
	it('decodes a 1,000,000-row file, LF or CRLF, and counts its records', () => {
		const lines = bigLines(1_000_000);
		const file = utf8(lines.join('\n') + '\n');
		const lf = time(() => decodeCsv('big.csv', file));
		const crlfFile = utf8(lines.join('\r\n') + '\r\n');
		const crlf = time(() => decodeCsv('big-crlf.csv', crlfFile));
		console.info(
			`decodeCsv, 1,000,000 rows: LF ${(file.length / 1e6).toFixed(0)} MB decoded in ${lf.decodeMs.toFixed(0)} ms (+${lf.countMs.toFixed(0)} ms to count records); ` +
				`CRLF ${(crlfFile.length / 1e6).toFixed(0)} MB in ${crlf.decodeMs.toFixed(0)} ms (+${crlf.countMs.toFixed(0)} ms)`
		);
		expect(lf.n).toBe(1_000_000);
		expect(crlf.n).toBe(1_000_000);
		expect(lf.d.preview).toHaveLength(20);
		expect(crlf.d.text.length).toBe(lf.d.text.length);
	});
});
