/**
 * Reading a CSV file's bytes as text, before any SQL runs: which encoding it is in, which
 * delimiter it uses, what its header says, and whether it is a CSV at all.
 *
 * Real exports arrive as UTF-8 with or without a byte order mark, Windows-1252 (Excel's "CSV" in
 * the UK, where £, é and smart quotes are single bytes), or UTF-16 with a BOM (Excel's "Unicode
 * text", usually TAB-delimited); with comma, semicolon, TAB or pipe delimiters; CRLF, LF or mixed
 * line ends. Everything here is pure JavaScript (no DuckDB), so it runs the same in the browser
 * and in Node.
 *
 * Cost: decoding is TextDecoder (native) plus, for CRLF files, one pass making line ends `\n`;
 * only the first 64 KB or so goes through papaparse (its delimiter guess and its no-quotes fast
 * path would otherwise split the whole text). Counting records (`dataLines`) walks the whole text
 * with indexOf, so it is done on first read and remembered. Measured in Node on a busy 2-core
 * machine, 1,000,000 rows (66–104 MB): LF 60–150 ms, CRLF 0.5–1.1 s (the line-end pass),
 * `dataLines` 40–140 ms more (the speed test in tests/lib/ingest/decode.test.ts prints them).
 */
import Papa from 'papaparse';
import { ImportError } from './errors';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type CsvDelimiter = ',' | ';' | '\t' | '|';
export const DELIMITERS: readonly CsvDelimiter[] = [',', ';', '\t', '|'];

export interface DecodedCsv {
	/** The file as text: BOM removed, every line end (CRLF, CR, LF) made `\n`. */
	text: string;
	encoding: CsvEncoding;
	delimiter: CsvDelimiter;
	/** The header row's cells, trimmed, without a BOM. */
	header: string[];
	/** Up to the first 20 data rows (blank rows skipped), as papaparse reads them. */
	preview: string[][];
	/** How many non-blank data records the file holds (header excluded). Counted on first read. */
	readonly dataLines: number;
	/**
	 * Bytes that were not valid UTF-8 in a file that otherwise is: each became U+FFFD ("�"),
	 * and the user is told where the first one is. Absent when there were none. `atEnd`: they
	 * are only the last bytes, a character begun and not finished, so the file was cut short.
	 */
	strayBytes?: { count: number; firstLine: number; atEnd?: true };
}

/** How much text the delimiter guess and the header/preview parse look at, at first. */
const SAMPLE_CHARS = 64 * 1024;
const PREVIEW_ROWS = 20;

const SAVE_AS_CSV = 'Open it in Excel (or the program that made it), use File › Save As › CSV UTF-8, and import that file.';

/** File types recognised by their first bytes, so the message can say what the file really is. */
const MAGIC: { bytes: number[]; what: (name: string) => string; advice: string }[] = [
	{
		bytes: [0x50, 0x4b, 0x03, 0x04],
		what: (name) =>
			/\.(xlsx|xlsm|xlsb)$/i.test(name) || !/\.zip$/i.test(name)
				? 'looks like an Excel workbook (.xlsx), not a CSV'
				: 'is a ZIP archive, not a CSV',
		advice: 'In Excel use File › Save As › CSV UTF-8 and import that file. If it is a ZIP archive, unzip it and import the CSV inside.'
	},
	{ bytes: [0x50, 0x4b, 0x05, 0x06], what: () => 'is an empty ZIP archive, not a CSV', advice: 'Export the data again as a CSV file and import that.' },
	{
		bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
		what: () => 'looks like an old-style Excel workbook (.xls) or another Office document, not a CSV',
		advice: 'In Excel use File › Save As › CSV UTF-8 and import that file.'
	},
	{ bytes: [0x89, 0x50, 0x4e, 0x47], what: () => 'is a PNG image, not a CSV', advice: 'Choose the CSV export from the source system instead.' },
	{ bytes: [0xff, 0xd8, 0xff], what: () => 'is a JPEG image, not a CSV', advice: 'Choose the CSV export from the source system instead.' },
	{ bytes: [0x47, 0x49, 0x46, 0x38], what: () => 'is a GIF image, not a CSV', advice: 'Choose the CSV export from the source system instead.' },
	{ bytes: [0x25, 0x50, 0x44, 0x46], what: () => 'is a PDF document, not a CSV', advice: 'Ask for the data as a CSV export rather than a PDF report.' },
	{ bytes: [0x1f, 0x8b], what: () => 'is a compressed (gzip) file, not a CSV', advice: 'Decompress it first and import the CSV inside.' },
	{ bytes: [0x52, 0x61, 0x72, 0x21], what: () => 'is a RAR archive, not a CSV', advice: 'Extract it first and import the CSV inside.' },
	{ bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: () => 'is a 7-Zip archive, not a CSV', advice: 'Extract it first and import the CSV inside.' },
	{ bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: () => 'is a SQLite database, not a CSV', advice: 'Export the table you need as CSV and import that.' }
];

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
	if (bytes.length < at + prefix.length) return false;
	for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
	return true;
}

function notCsv(name: string, detail: string, advice: string): ImportError {
	return new ImportError(name, `could not be read as CSV: it ${detail}.`, advice);
}

/** Windows-1252 bytes 0x80–0x9F (the five unassigned ones stay as they are, as browsers do). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Windows-1252 to text. Browsers' TextDecoder does this right; Node's (v20, v22) decodes it as
 * ISO-8859-1, turning smart quotes and € into C1 control characters, so map those afterwards.
 */
function decodeWindows1252(bytes: Uint8Array): string {
	const text = new TextDecoder('windows-1252').decode(bytes);
	return /[\u0080-\u009f]/.test(text) ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : text;
}

/** Which of a UTF-16 file's byte lanes hold NULs: ASCII text in UTF-16 without a BOM shows up like this. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	const pairs = Math.min(bytes.length >> 1, 2048);
	if (pairs < 2) return null;
	let evenNul = 0;
	let oddNul = 0;
	for (let i = 0; i < pairs; i++) {
		if (bytes[2 * i] === 0) evenNul++;
		if (bytes[2 * i + 1] === 0) oddNul++;
	}
	if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
	if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
	return null;
}

function hasNul(bytes: Uint8Array, limit: number): boolean {
	return bytes.subarray(0, limit).indexOf(0) !== -1;
}

/** Decode `bytes` to text and say which encoding they were in. Throws ImportError for binary files. */
function decodeText(name: string, bytes: Uint8Array): { text: string; encoding: CsvEncoding; strayBytes?: DecodedCsv['strayBytes'] } {
	if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
		return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
	}
	if (startsWith(bytes, [0xff, 0xfe])) {
		return { text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16le' };
	}
	if (startsWith(bytes, [0xfe, 0xff])) {
		return { text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16be' };
	}
	if (hasNul(bytes, SAMPLE_CHARS)) {
		const utf16 = utf16WithoutBom(bytes);
		if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
		throw notCsv(
			name,
			'contains binary data (NUL bytes), so it is not a text file',
			`Check you chose the right file. If it is a spreadsheet, ${SAVE_AS_CSV.charAt(0).toLowerCase()}${SAVE_AS_CSV.slice(1)}`
		);
	}
	try {
		return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
	} catch {
		const { valid, invalid, firstInvalid } = utf8Sequences(bytes);
		const lineOf = (at: number) => 1 + countNewlines(bytes.subarray(0, at));
		// A file that is UTF-8 up to a character its last bytes only begin was cut short (a
		// download or copy that stopped): read it as UTF-8 whatever else is in it, or a file whose
		// one other non-ASCII character is that half one would be read as Windows-1252.
		const cut = cutCharacterAtEnd(bytes);
		if (cut > 0 && invalid === cut) {
			const strayBytes = { count: cut, firstLine: lineOf(bytes.length - cut), atEnd: true as const };
			return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', strayBytes };
		}
		// Windows-1252 text almost never forms a valid multi-byte UTF-8 sequence, while a UTF-8
		// export with a stray byte (a truncated character, a pasted symbol) has many: read it as
		// UTF-8 rather than turn every "ë" in it into "Ã«".
		if (valid > 0 && invalid <= valid) {
			return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', strayBytes: { count: invalid, firstLine: lineOf(firstInvalid) } };
		}
		return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
	}
}

/**
 * How many bytes at the end of the file begin a UTF-8 character without finishing it (a lead byte
 * and fewer continuation bytes than it announces), or 0.
 */
export function cutCharacterAtEnd(bytes: Uint8Array): number {
	for (let back = 1; back <= 3 && back <= bytes.length; back++) {
		const b = bytes[bytes.length - back];
		if ((b & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
		const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
		return length > back ? back : 0;
	}
	return 0;
}

/** Valid multi-byte UTF-8 sequences and bytes that cannot be UTF-8, and where the first of those is. */
export function utf8Sequences(bytes: Uint8Array): { valid: number; invalid: number; firstInvalid: number } {
	let valid = 0;
	let invalid = 0;
	let firstInvalid = -1;
	for (let i = 0; i < bytes.length; i++) {
		const b = bytes[i];
		if (b < 0x80) continue;
		const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
		let ok = length > 0 && i + length <= bytes.length;
		for (let k = 1; ok && k < length; k++) ok = (bytes[i + k] & 0xc0) === 0x80;
		if (ok) {
			valid++;
			i += length - 1;
		} else {
			if (firstInvalid < 0) firstInvalid = i;
			invalid++;
		}
	}
	return { valid, invalid, firstInvalid };
}

function countNewlines(bytes: Uint8Array): number {
	let n = 0;
	for (const b of bytes) if (b === 0x0a) n++;
	return n;
}

/** True when the start of `text` is full of control characters no CSV contains. */
function looksBinary(text: string): boolean {
	const end = Math.min(text.length, SAMPLE_CHARS);
	let controls = 0;
	for (let i = 0; i < end; i++) {
		const c = text.charCodeAt(i);
		// TAB, LF, VT, FF, CR are text; 0x1A is the old DOS end-of-file marker.
		if (c === 0) return true;
		if (c < 0x20 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 0x1a) controls++;
	}
	return controls > 8 && controls > end / 1000;
}

/** Make every line end `\n`: CRLF (Windows), CR (old Mac) and LF (everything else), even mixed. */
export function normaliseLineEnds(text: string): string {
	if (text.indexOf('\r') === -1) return text;
	// Slices joined: a little faster than text.replace(/\r\n?/g, '\n') on 100 MB.
	const parts: string[] = [];
	let from = 0;
	for (let cr = text.indexOf('\r'); cr !== -1; cr = text.indexOf('\r', from)) {
		parts.push(text.slice(from, cr));
		from = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
	}
	parts.push(text.slice(from));
	return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Records

const QUOTE = 34;
const LF = 10;
const SPACE = 32;
const TAB = 9;

/** Whitespace as String.prototype.trim sees it, for the characters that occur in CSV files. */
function isBlankChar(c: number): boolean {
	return c === SPACE || c === TAB || c === 0x0b || c === 0x0c || c === 0xa0 || c === 0xfeff || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
}

/** Thrown by walkRecords when a quoted cell is never closed. */
export class UnterminatedQuoteError extends Error {
	constructor(readonly line: number) {
		super(`a quoted cell starting on line ${line} is never closed`);
		this.name = 'UnterminatedQuoteError';
	}
}

/** Receives the non-blank records of a CSV text in order. Return `false` to stop walking. */
export interface RecordSink {
	/** A record with no quote character in it: `text.slice(start, end)` (see countCells). */
	plain(start: number, end: number, line: number): boolean | void;
	/** A record with a quote somewhere in it: its cells, unquoted. */
	quoted(cells: string[], line: number): boolean | void;
}

/**
 * Walk the records of `text` (line ends already `\n`) from `from`, telling `sink` each one with
 * the line of the file it starts on (`firstLine` is the line at `from`). Blank records (empty, or
 * only spaces and delimiters) are skipped, as papaparse's `skipEmptyLines: 'greedy'` does.
 *
 * Quoting follows papaparse: a cell is quoted when it starts with `"`; inside, `""` is a quote;
 * a `"` followed (after optional spaces) by the delimiter, a line end or the end of the text
 * closes the cell; any other `"` is kept as text. A `"` not at the start of a cell is text.
 * A quoted cell that never closes throws UnterminatedQuoteError, never swallows the rest of the file.
 *
 * Records without quotes (nearly all, in most files) are found with indexOf and are never split
 * into strings here: a sink that needs their width calls countCells.
 */
export function walkRecords(
	text: string,
	delimiter: CsvDelimiter,
	from: number,
	firstLine: number,
	sink: RecordSink
): { end: number; line: number } {
	const d = delimiter.charCodeAt(0);
	const len = text.length;
	let pos = from;
	let line = firstLine;
	let nextQuote = text.indexOf('"', pos);
	while (pos < len) {
		let nl = text.indexOf('\n', pos);
		if (nl === -1) nl = len;
		if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
		if (nextQuote === -1 || nextQuote > nl) {
			const start = pos;
			const recordLine = line;
			pos = nl + 1;
			line++;
			let i = start;
			while (i < nl) {
				const c = text.charCodeAt(i);
				if (c !== d && !isBlankChar(c)) break;
				i++;
			}
			if (i === nl) continue; // blank: nothing but spaces and delimiters
			if (sink.plain(start, nl, recordLine) === false) return { end: pos, line };
			continue;
		}

		// A record with a quote in it: read it cell by cell.
		const start = pos;
		const recordLine = line;
		const cells: string[] = [];
		let p = pos;
		let end = -1;
		while (end === -1) {
			if (text.charCodeAt(p) === QUOTE) {
				let value = '';
				let segment = p + 1;
				let search = p + 1;
				for (;;) {
					const j = text.indexOf('"', search);
					if (j === -1) throw new UnterminatedQuoteError(recordLine);
					if (text.charCodeAt(j + 1) === QUOTE) {
						value += text.slice(segment, j + 1);
						search = segment = j + 2;
						continue;
					}
					let k = j + 1;
					while (k < len) {
						const c = text.charCodeAt(k);
						if (c === SPACE || (c === TAB && d !== TAB)) k++;
						else break;
					}
					if (k >= len || text.charCodeAt(k) === d || text.charCodeAt(k) === LF) {
						cells.push(value + text.slice(segment, j));
						if (k >= len || text.charCodeAt(k) === LF) end = k;
						else p = k + 1;
						break;
					}
					search = j + 1; // a stray quote inside a quoted cell: keep it as text
				}
			} else {
				let e = p;
				while (e < len) {
					const c = text.charCodeAt(e);
					if (c === d || c === LF) break;
					e++;
				}
				cells.push(text.slice(p, e));
				if (e >= len || text.charCodeAt(e) === LF) end = e;
				else p = e + 1;
			}
		}
		let newlines = 0;
		for (let n = text.indexOf('\n', start); n !== -1 && n < end; n = text.indexOf('\n', n + 1)) newlines++;
		pos = end + 1;
		line += newlines + 1;
		nextQuote = text.indexOf('"', pos);
		let blank = true;
		for (const cell of cells) {
			if (cell.trim() !== '') {
				blank = false;
				break;
			}
		}
		if (!blank && sink.quoted(cells, recordLine) === false) return { end: pos, line };
	}
	return { end: pos, line };
}

/** How many cells `text.slice(start, end)` holds, for a record without quotes. */
export function countCells(text: string, start: number, end: number, delimiter: CsvDelimiter): number {
	let cells = 1;
	for (let j = text.indexOf(delimiter, start); j !== -1 && j < end; j = text.indexOf(delimiter, j + 1)) cells++;
	return cells;
}

/** The header record (the first non-blank one) as walkRecords reads it, and where the data starts. */
export interface HeaderRecord {
	cells: string[];
	/** Index in the text where the first data record may start. */
	end: number;
	/** The line of the file at `end`. */
	line: number;
}

export function readHeaderRecord(text: string, delimiter: CsvDelimiter): HeaderRecord | null {
	let cells: string[] | null = null;
	const at = walkRecords(text, delimiter, 0, 1, {
		plain(start, end) {
			cells = text.slice(start, end).split(delimiter);
			return false;
		},
		quoted(found) {
			cells = found;
			return false;
		}
	});
	return cells ? { cells, end: at.end, line: at.line } : null;
}

/**
 * Count the non-blank data records after the header. A quoted cell that never closes ends the
 * count there, as one more record (papaparse reads it as one record running to the end).
 */
export function countDataRecords(text: string, delimiter: CsvDelimiter): number {
	let n = 0;
	try {
		const header = readHeaderRecord(text, delimiter);
		if (!header) return 0;
		walkRecords(text, delimiter, header.end, header.line, {
			plain() {
				n++;
			},
			quoted() {
				n++;
			}
		});
	} catch (err) {
		if (!(err instanceof UnterminatedQuoteError)) throw err;
		n++;
	}
	return n;
}

/** A header cell as the user would read it: no BOM, no surrounding spaces. */
export function cleanHeaderCell(cell: string): string {
	return cell.replace(/\uFEFF/g, '').trim();
}

/**
 * Header cells normalised for matching one spelling against another: lower case, trimmed, BOM
 * removed, and runs of spaces, underscores and hyphens made one underscore. `Crime ID`,
 * `crime_id` and `CRIME-ID` all become `crime_id`; `CLA_group` becomes `cla_group`.
 */
export function headerKey(header: readonly string[]): string[] {
	return header.map((cell) => cleanHeaderCell(cell).toLowerCase().replace(/[\s_-]+/g, '_'));
}

/** The first `SAMPLE_CHARS` or so of `text`, ending at a line end when there is one. */
function sampleOf(text: string): string {
	if (text.length <= SAMPLE_CHARS) return text;
	const cut = text.lastIndexOf('\n', SAMPLE_CHARS);
	return text.slice(0, cut > 0 ? cut : SAMPLE_CHARS);
}

function headerWidth(sample: string, delimiter: CsvDelimiter): number {
	try {
		return readHeaderRecord(sample, delimiter)?.cells.length ?? 0;
	} catch {
		// An unclosed quote in the sample: count the cells on the first line as plain text.
		return sample.slice(0, sample.indexOf('\n') === -1 ? sample.length : sample.indexOf('\n')).split(delimiter).length;
	}
}

/**
 * The delimiter: papaparse's guess over the sample (the delimiter that splits the first rows most
 * consistently), checked against the header. If the guess leaves the header one cell wide, the
 * delimiter that splits the header into the most cells wins; a file that genuinely has one column
 * is read with `,`.
 */
export function detectDelimiter(text: string): CsvDelimiter {
	const sample = sampleOf(text);
	const guess = Papa.parse<string[]>(sample, {
		delimitersToGuess: [...DELIMITERS],
		newline: '\n',
		preview: 1,
		skipEmptyLines: 'greedy'
	}).meta.delimiter as CsvDelimiter;
	if (DELIMITERS.includes(guess) && headerWidth(sample, guess) >= 2) return guess;
	let best: CsvDelimiter = ',';
	let bestWidth = 1;
	for (const d of DELIMITERS) {
		const width = headerWidth(sample, d);
		if (width > bestWidth) {
			best = d;
			bestWidth = width;
		}
	}
	return best;
}

/** The header and up to the first 20 data rows, by papaparse, reading more of the text only if needed. */
function headerAndPreview(text: string, delimiter: CsvDelimiter): { rows: string[][]; errors: Papa.ParseError[] } {
	let size = SAMPLE_CHARS;
	let want = PREVIEW_ROWS + 1;
	for (;;) {
		const whole = text.length <= size;
		const chunk = whole ? text : text.slice(0, size);
		const result = Papa.parse<string[]>(chunk, { delimiter, newline: '\n', preview: want, skipEmptyLines: 'greedy' });
		if (result.meta.truncated) {
			// Stopped at the limit, so every row is whole; blank rows count towards that limit.
			if (result.data.length >= PREVIEW_ROWS + 1) return { rows: result.data.slice(0, PREVIEW_ROWS + 1), errors: result.errors };
			want *= 2;
		} else if (whole) {
			return { rows: result.data.slice(0, PREVIEW_ROWS + 1), errors: result.errors };
		} else {
			size *= 4; // the chunk may end inside a row: read more
		}
	}
}

/**
 * Decode a CSV file's bytes: find the encoding, make the text, find the delimiter, read the header
 * and a preview. Throws ImportError, saying what is wrong and what to do, for an empty file, a
 * binary file (a workbook, an image, an archive…), or a header without column names.
 */
export function decodeCsv(name: string, bytes: Uint8Array): DecodedCsv {
	if (bytes.length === 0) {
		throw notCsv(name, 'is empty (0 bytes)', 'Export the data again, check the export finished, and import the new file.');
	}
	for (const magic of MAGIC) {
		if (startsWith(bytes, magic.bytes)) throw notCsv(name, magic.what(name), magic.advice);
	}
	const decoded = decodeText(name, bytes);
	let text = decoded.text;
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (looksBinary(text)) {
		throw notCsv(name, 'contains binary data (control characters), so it is not a text file', `Check you chose the right file. ${SAVE_AS_CSV}`);
	}
	const head = text.slice(0, 512).trimStart().toLowerCase();
	if (head.startsWith('<!doctype html') || head.startsWith('<html')) {
		throw notCsv(name, 'is a web page (HTML), not a CSV', 'The download may have failed or been saved as a page: download the CSV file itself and import that.');
	}
	if (head.startsWith('<?xml')) {
		throw notCsv(name, 'is an XML file (perhaps an Excel "XML Spreadsheet"), not a CSV', SAVE_AS_CSV);
	}
	text = normaliseLineEnds(text);
	// A trailing Ctrl-Z is the end-of-file marker of old DOS programs, not data.
	if (text.charCodeAt(text.length - 1) === 0x1a) text = text.slice(0, -1);
	if (text.replace(/\uFEFF/g, '').trim() === '') {
		throw notCsv(name, 'has no data: it holds only blank lines or spaces', 'Export the data again, check the export finished, and import the new file.');
	}

	const delimiter = detectDelimiter(text);
	const { rows, errors } = headerAndPreview(text, delimiter);
	if (rows.length === 0) {
		throw notCsv(
			name,
			'has no column names: every line is empty or holds only delimiters',
			'The first line must be the header row naming each column (for example "Child ID,Date identified"). Export the data again with its header row and import that.'
		);
	}
	if (errors.some((e) => e.code === 'MissingQuotes' && (e.row ?? 0) === 0)) {
		throw notCsv(
			name,
			'has a double quote (") in its first line that is never closed, so the columns cannot be told apart',
			'Fix the header row so every quoted name has a closing quote (or remove the quotes), save, and import again.'
		);
	}
	const header = rows[0].map(cleanHeaderCell);
	const preview = rows.slice(1);
	if (header.every((cell) => cell === '')) {
		throw notCsv(
			name,
			'has no column names in its first line',
			'The first line must be the header row naming each column (for example "Child ID,Date identified"). Remove any title or blank rows above it, save, and import again.'
		);
	}
	// Rows' widths up to their last non-empty cell (Excel may leave empty cells after the data).
	const widths = preview.map((row) => row.findLastIndex((cell) => cell.trim() !== '') + 1).sort((a, b) => a - b);
	const typicalWidth = widths.length ? widths[widths.length >> 1] : 0;
	if (header.length === 1 && typicalWidth > 1) {
		throw notCsv(
			name,
			`starts with a line of one cell ("${header[0].slice(0, 60)}") above rows of ${typicalWidth} cells: that looks like a title, not the header row`,
			'Delete any title or note lines above the header row (the row naming each column), save, and import again.'
		);
	}
	let dataLines: number | undefined;
	return {
		text,
		encoding: decoded.encoding,
		...(decoded.strayBytes ? { strayBytes: decoded.strayBytes } : {}),
		delimiter,
		header,
		preview,
		get dataLines() {
			dataLines ??= countDataRecords(text, delimiter);
			return dataLines;
		}
	};
}
