/**
 * Staging: a CSV becomes a temporary table of text columns, one per header cell, in file order,
 * plus the line of the file each row starts on. Every loader converts from here with SQL, so
 * nothing is typed or dropped before validation.
 *
 * The bytes are decoded first (decode.ts: encoding, delimiter, header). Then the records are
 * walked in JavaScript, which knows where each one starts (blank lines and quoted cells spanning
 * several lines included), and written out again as a plain CSV that DuckDB cannot read two ways:
 * each record on one line of text, its line number added as a last cell, short records padded
 * with empty cells (which DuckDB reads as NULL), quoted cells re-quoted strictly, every cell
 * trimmed of blanks at its ends (trimCell, so a blank cell is NULL too). DuckDB reads
 * that with every option given (no sniffing), so the rows it stages are exactly the records the
 * walk counted, and the count is checked.
 */
import type { Engine } from '$lib/db/engine';
import { quoteIdent, quoteLiteral } from '$lib/db/engine';
import { ImportError } from './errors';
import type { SourceFile } from './import-run';
import {
	cleanHeaderCell,
	countCells,
	decodeCsv,
	readHeaderRecord,
	UnterminatedQuoteError,
	walkRecords,
	type CsvDelimiter,
	type DecodedCsv
} from './decode';
import { addToValueSample, emptyValueSample, isSampledRecord, type ValueSample } from './value-sample';

export const STAGE = 'ingest_stage';

/**
 * The staged column holding each row's line in the file: the table's last column, so the file's
 * columns keep their positions. Not one of the columns stageCsv returns.
 */
export const LINE_COLUMN = '__line';

/** A staged row's line in the file: where its record starts, 1-based, the header being line 1. */
export const LINE_NUMBER = `${STAGE}.${LINE_COLUMN}`;

/** What is known about a CSV once decoded: everything but its text. */
export type CsvInfo = Omit<DecodedCsv, 'text'>;

/**
 * A CSV made ready for DuckDB: its description and the staging text. Pure work on the file's
 * bytes, so the browser does it in a Web Worker (prepare.worker.ts) and the page stays
 * responsive; the result can travel with the file (`SourceFile.prepared`) and be reused.
 */
export interface PreparedCsv {
	info: CsvInfo;
	staging: StagingText;
	/**
	 * The file's fingerprint (SHA-256 of its bytes, see fingerprint.ts), when it was made with the
	 * preparation. The prepare worker makes it: in Chromium WebCrypto's digest runs on the calling
	 * thread, and hashing a 100 MB file on the page blocked it for 100–270 ms.
	 */
	fingerprint?: string;
}

export interface StagedCsv {
	/** The staged text columns, in file order, named as they are in the table (LINE_COLUMN excluded). */
	columns: string[];
	/** How many records were staged (the walk over the file counted them). */
	rows: number;
	decoded: CsvInfo;
	/** Call with the number of rows a conversion read: throws ImportError unless it is every staged record. */
	checkRows(rows: number): void;
	/** How often each value occurs in each of `columns`, over a spread of the records (value-sample.ts). */
	valueSample: ValueSample;
}

/** Decode a CSV and build its staging text. Throws ImportError for files that are not CSV. */
export function prepareCsv(name: string, bytes: Uint8Array): PreparedCsv {
	const decoded = decodeCsv(name, bytes);
	const staging = stagingText(name, decoded, asciiBytes(decoded, bytes));
	const { encoding, delimiter, header, preview, strayBytes } = decoded;
	return { info: { encoding, delimiter, header, preview, dataLines: staging.rows, ...(strayBytes ? { strayBytes } : {}) }, staging };
}

/** The delimiter as a SQL literal: only these four can be staged, so nothing from the file reaches SQL. */
const DELIMITER_SQL: Record<CsvDelimiter, string> = { ',': "','", ';': "';'", '\t': "'\t'", '|': "'|'" };

/** How many offending lines an error message names before it just counts them. */
const LINES_NAMED = 5;

export async function dropStage(engine: Engine): Promise<void> {
	await engine.exec(`DROP TABLE IF EXISTS ${STAGE}`);
}

/**
 * Column names for the header cells: as written (trimmed, no BOM); an empty cell becomes
 * `column<i>` (i counted from 0, as DuckDB names them), and a repeated name (ignoring case, as SQL
 * does) gets `_1`, `_2`… So every header cell stages, and the names are the table's own.
 */
export function stageColumnNames(cells: readonly string[]): string[] {
	const taken = new Set([LINE_COLUMN]);
	return cells.map((cell, i) => {
		const base = cleanHeaderCell(cell) || `column${i}`;
		let name = base;
		for (let n = 1; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
		taken.add(name.toLowerCase());
		return name;
	});
}

/**
 * The text DuckDB reads: one record per line, every record `width` cells wide, then its line
 * number. Kept as UTF-8 bytes, encoded where it is built (in the worker, in the browser): the
 * bytes travel to the page as a transferable buffer, where a string would be copied, and DuckDB
 * takes bytes, so the page never encodes 100 MB of text on its main thread.
 */
export interface StagingText {
	bytes: Uint8Array;
	rows: number;
	columns: string[];
	/** At least the length in bytes of the longest line (record) of the text, for DuckDB's reader. */
	longestLineBytes: number;
	/** How often each value occurs in each column, over a spread of the records (value-sample.ts). */
	valueSample: ValueSample;
	/**
	 * True when `bytes` are the file itself, header line first and no line numbers: a file whose
	 * records are already one per line, in order from line 2, with nothing to pad, trim or re-quote
	 * (see stagingText). The reader then skips the header and numbers the rows itself.
	 */
	asIs?: boolean;
}

/**
 * DuckDB's own default line limit (2 MiB). The reader is told the real limit for each file
 * (stagedRowsSql): a record of any length is read, and memory stays small.
 */
const MIN_LINE_BYTES = 2 * 1024 * 1024;

/**
 * The reader's buffer is this many times its line limit (it must be larger than the limit).
 * DuckDB's default buffer is 16 times the limit: with the 64 MiB limit the stage used to give, it
 * grew DuckDB-wasm's memory by about 2 GB to read a 10 MB file (and wasm memory never shrinks),
 * and the reader was slower too; 2 × 2 MiB grew it by about 20 MB.
 */
const BUFFER_LINES = 2;

/** Records are encoded in batches of about this many UTF-16 code units (a few MB at most). */
const ENCODE_BATCH_UNITS = 1 << 20;

/**
 * UTF-8 bytes built a batch of records at a time. Keeping every record as a string, joining them
 * and encoding the whole text held three copies of the file at once in the worker (the records,
 * the joined text and its bytes); this holds the bytes and one small batch.
 */
class Utf8Builder {
	private buffer: Uint8Array;
	private length = 0;
	private batch: string[] = [];
	private batchUnits = 0;
	private readonly encoder = new TextEncoder();

	/** `expectedUnits`: about how long the text will be (ASCII text needs no more room than this, plus the line numbers). */
	constructor(expectedUnits: number) {
		this.buffer = new Uint8Array(Math.ceil(expectedUnits * 1.125) + 65536);
	}

	add(record: string): void {
		this.batch.push(record);
		this.batchUnits += record.length;
		if (this.batchUnits >= ENCODE_BATCH_UNITS) this.flush();
	}

	/**
	 * `src[from, to)` (ASCII bytes: a record as it is in the file), `pads` more delimiters, then the
	 * delimiter, the record's line number and a line feed, all written straight in: no string is
	 * made for the record or its suffix, and nothing is encoded. Returns the bytes written.
	 */
	addAsciiRecord(src: Uint8Array, from: number, to: number, pads: number, delimiter: number, line: number): number {
		if (this.batch.length) this.flush();
		const n = to - from;
		this.room(n + pads + 18);
		const buffer = this.buffer;
		const start = this.length;
		buffer.set(src.subarray(from, to), start);
		let at = start + n;
		for (let k = 0; k <= pads; k++) buffer[at++] = delimiter;
		let digits = 1;
		for (let v = line; v >= 10; v = Math.floor(v / 10)) digits++;
		for (let k = digits - 1, v = line; k >= 0; k--, v = Math.floor(v / 10)) buffer[at + k] = 48 + (v % 10);
		at += digits;
		buffer[at++] = 0x0a;
		this.length = at;
		return at - start;
	}

	private room(bytes: number): void {
		const need = this.length + bytes;
		if (need > this.buffer.length) {
			const grown = new Uint8Array(Math.max(need, Math.ceil(this.buffer.length * 1.5)));
			grown.set(this.buffer.subarray(0, this.length));
			this.buffer = grown;
		}
	}

	private flush(): void {
		if (this.batch.length === 0) return;
		const text = this.batch.join('');
		this.batch = [];
		this.batchUnits = 0;
		// A UTF-16 code unit is at most 3 bytes of UTF-8, so this much room always suffices.
		this.room(3 * text.length);
		this.length += this.encoder.encodeInto(text, this.buffer.subarray(this.length)).written;
	}

	/** The bytes written: a view of the buffer (its spare room is not copied). */
	finish(): Uint8Array {
		this.flush();
		return this.buffer.subarray(0, this.length);
	}
}

function namedLines(lines: number[], total: number): string {
	return total > lines.length ? `${lines.join(', ')} and ${total - lines.length} more` : lines.join(', ');
}

/**
 * The characters trimmed from both ends of every cell as it is staged: spaces, and also tabs, line
 * breaks and no-break spaces (U+00A0, which Excel and web copy-paste leave), so a cell holding
 * only those is blank. The stage holds each cell trimmed, and a blank cell as NULL (DuckDB reads
 * an empty cell as NULL): every loader then reads values as they are, without trimming 2.7 million
 * cells per 100,000 rows in SQL (that was about a third of the conversion's time in DuckDB-wasm).
 * The walk over the text here looks at every record anyway, and almost no cell needs trimming.
 */
export const CELL_BLANKS: readonly number[] = [0x20, 0x09, 0x0a, 0x0d, 0xa0];

/** CELL_BLANKS as a table by character code, for the walk's hot loops. */
const IS_CELL_BLANK = Uint8Array.from({ length: 256 }, (_, c) => (CELL_BLANKS.includes(c) ? 1 : 0));

function isCellBlank(c: number): boolean {
	return c < 256 && IS_CELL_BLANK[c] === 1;
}

/** `cell` without blank characters (isCellBlank) at either end. */
export function trimCell(cell: string): string {
	let a = 0;
	let b = cell.length;
	while (a < b && isCellBlank(cell.charCodeAt(a))) a++;
	while (b > a && isCellBlank(cell.charCodeAt(b - 1))) b--;
	return a === 0 && b === cell.length ? cell : cell.slice(a, b);
}

/**
 * Whether any cell of the text may start or end with a blank character: one native regular
 * expression over the whole text, so the usual export (nothing to trim) is staged record by record
 * without looking at the characters around each delimiter. It may say yes for a blank inside a
 * quoted cell; then the records are looked at one by one (scanPlainRecord).
 */
function mayHaveBlankEnds(text: string, delimiter: CsvDelimiter): boolean {
	// A line feed ends a record (it is blank only inside a quoted cell); a TAB is the delimiter in a
	// TAB-delimited file, not a blank. Each blank the text holds at all is looked for beside a
	// delimiter, a line end and the ends of the text, with indexOf: a regular expression with the
	// same alternatives took 12 ms per 100,000 records, most exports hold no blank but the space, and
	// spaces beside a delimiter are rare.
	for (const code of CELL_BLANKS) {
		if (code === 0x0a || code === delimiter.charCodeAt(0)) continue;
		const blank = String.fromCharCode(code);
		if (!text.includes(blank)) continue;
		if (text.startsWith(blank) || text.endsWith(blank)) return true;
		if ([blank + delimiter, delimiter + blank, `${blank}\n`, `\n${blank}`].some((pair) => text.includes(pair))) return true;
	}
	return false;
}

/**
 * A record without quotes (text[start, end)): how many cells it has, and whether any cell may start
 * or end with a blank character (then it is split and trimmed; otherwise it is staged as it is).
 */
function scanPlainRecord(text: string, start: number, end: number, delimiter: CsvDelimiter): { cells: number; blankEnds: boolean } {
	// Only the characters beside a delimiter and at the two ends are looked at. A TAB next to a TAB
	// delimiter is an empty cell, not a blank end.
	const d = delimiter.charCodeAt(0);
	let c = text.charCodeAt(start);
	let blankEnds = (c !== d && isCellBlank(c)) || ((c = text.charCodeAt(end - 1)) !== d && isCellBlank(c));
	let cells = 1;
	for (let j = text.indexOf(delimiter, start); j !== -1 && j < end; j = text.indexOf(delimiter, j + 1)) {
		cells++;
		if (blankEnds) continue;
		if (j > start && (c = text.charCodeAt(j - 1)) !== d && isCellBlank(c)) blankEnds = true;
		else if (j + 1 < end && (c = text.charCodeAt(j + 1)) !== d && isCellBlank(c)) blankEnds = true;
	}
	return { cells, blankEnds };
}

/**
 * The file's bytes when they hold its text one byte per character: UTF-8 (with or without a BOM)
 * holding only ASCII, nothing removed in decoding (no CRLF made LF). Most exports are, and their
 * plain records are then staged by copying bytes instead of slicing, joining and encoding strings
 * (half the cost). `offset` skips the BOM. A lone CR (old Mac line end) is made LF in the text,
 * keeping the length; it only ever ends a record, and the copy stops before it.
 */
function asciiBytes(decoded: DecodedCsv, bytes: Uint8Array): { bytes: Uint8Array; offset: number } | null {
	if (decoded.encoding !== 'utf-8' && decoded.encoding !== 'utf-8-bom') return null;
	const offset = decoded.encoding === 'utf-8-bom' ? 3 : 0;
	// All ASCII, so one character per byte: equal lengths mean nothing was removed. Without a BOM the
	// bytes were decoded as strict UTF-8 (decode.ts), where every other character takes more bytes
	// than UTF-16 units, so equal lengths also mean all ASCII; after a BOM a bad byte became U+FFFD,
	// one unit for one byte, so the text is looked at.
	if (bytes.length - offset !== decoded.text.length) return null;
	if ((decoded.encoding !== 'utf-8' || decoded.strayBytes) && /[^\x00-\x7f]/.test(decoded.text)) return null;
	return { bytes, offset };
}

function stagingText(fileName: string, decoded: DecodedCsv, ascii: { bytes: Uint8Array; offset: number } | null = null): StagingText {
	const { text, delimiter: d } = decoded;
	let header;
	try {
		header = readHeaderRecord(text, d);
	} catch (err) {
		throw quoteError(fileName, err);
	}
	if (!header) throw new ImportError(fileName, 'could not be read as CSV: it has no header row.', 'The first line must name each column. Add a header row and import again.');
	const width = header.cells.length;
	const pads = Array.from({ length: width + 1 }, (_, n) => d.repeat(n));
	const dCode = d.charCodeAt(0);
	const quoteNeeded = new RegExp(`["\\n${d === '|' ? '\\|' : d}]`);
	const requote = (cell: string) => (quoteNeeded.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
	// Made at the first record that must be copied: a file read as it is needs none.
	let builder: Utf8Builder | null = null;
	const out = () => (builder ??= new Utf8Builder(text.length));
	const trimming = mayHaveBlankEnds(text.slice(header.end), d);
	const valueSample = emptyValueSample(width);
	let rows = 0;
	let longest = 0;
	const push = (record: string) => {
		out().add(record);
		rows++;
		if (record.length > longest) longest = record.length;
	};
	const longLines: number[] = [];
	let longCount = 0;
	let widest = width;
	const tooLong = (line: number, cells: number) => {
		if (longLines.length < LINES_NAMED) longLines.push(line);
		longCount++;
		widest = Math.max(widest, cells);
	};
	/** A record already split into cells (trimmed): checked for extra cells, padded, re-quoted where needed. */
	const pushCells = (cells: string[], line: number) => {
		if (cells.length > width) {
			if (cells.slice(width).some((c) => c.trim() !== '')) return void tooLong(line, cells.length);
			cells.length = width;
		}
		push(`${cells.map(requote).join(d)}${pads[width - cells.length]}${d}${line}\n`);
	};
	// The file can be read as it is while every record so far is a plain line of exactly `width`
	// cells with nothing to trim, each on the line after the last from line 2 (header.end = its
	// start). Such records are not copied; at the first other record they are (leaveAsIs).
	// (A lone CR is a line end the text has as LF: such bytes cannot be read as they are.)
	let asIs = ascii !== null && ascii.offset === 0 && header.line === 2 && ascii.bytes.indexOf(0x0d) === -1;
	let asIsLine = header.line;
	let asIsEnd = header.end;
	let asIsLongest = header.end;
	const leaveAsIs = () => {
		asIs = false;
		let pos = header.end;
		for (let line = header.line; line < asIsLine; line++) {
			const nl = text.indexOf('\n', pos);
			const written = out().addAsciiRecord(ascii!.bytes, pos, nl, 0, dCode, line);
			if (written > longest) longest = written;
			pos = nl + 1;
		}
	};
	try {
		walkRecords(text, d, header.end, header.line, {
			plain(start, end, line) {
				if (isSampledRecord(rows)) addToValueSample(valueSample, text.slice(start, end).split(d).map(trimCell));
				// Most records have no cell to trim: they are copied as they are, in one piece.
				const { cells, blankEnds } = trimming ? scanPlainRecord(text, start, end, d) : { cells: countCells(text, start, end, d), blankEnds: false };
				if (asIs) {
					if (!blankEnds && cells === width && line === asIsLine) {
						asIsLine++;
						asIsEnd = end;
						if (end - start > asIsLongest) asIsLongest = end - start;
						rows++;
						return;
					}
					leaveAsIs();
				}
				if (blankEnds) return void pushCells(text.slice(start, end).split(d).map(trimCell), line);
				if (cells <= width) {
					if (!ascii) return void push(`${text.slice(start, end)}${pads[width - cells]}${d}${line}\n`);
					const written = out().addAsciiRecord(ascii.bytes, start + ascii.offset, end + ascii.offset, width - cells, dCode, line);
					rows++;
					if (written > longest) longest = written;
					return;
				}
				// More cells than the header: fine if the extra ones are empty (Excel leaves trailing
				// delimiters after formatted but empty cells), otherwise the row would lose data.
				let cut = start - 1;
				for (let k = 0; k < width; k++) cut = text.indexOf(d, cut + 1);
				if (text.slice(cut, end).split(d).every((c) => c.trim() === '')) push(`${text.slice(start, cut)}${d}${line}\n`);
				else tooLong(line, cells);
			},
			quoted(cells, line) {
				if (asIs) leaveAsIs();
				const trimmed = cells.map(trimCell);
				if (isSampledRecord(rows)) addToValueSample(valueSample, trimmed);
				pushCells(trimmed, line);
			}
		});
	} catch (err) {
		throw quoteError(fileName, err);
	}
	if (longCount > 0) {
		const shown = d === '\t' ? 'TAB' : `"${d}"`;
		throw new ImportError(
			fileName,
			`could not be read as CSV: ${longCount === 1 ? 'line' : 'lines'} ${namedLines(longLines, longCount)} ${longCount === 1 ? 'has' : 'have'} more cells than the header has columns (${width} columns; up to ${widest} cells), so cells would be lost or land in the wrong column.`,
			`A cell probably contains the delimiter (${shown}) without quotes around it, or the header is missing a column name. Fix those lines (or export again with text in quotes), save, and import again.`
		);
	}
	// Only a line end may follow the last record: the reader would take a line of delimiters for a row.
	if (asIs && (rows === 0 || !/^\n?$/.test(text.slice(asIsEnd)))) leaveAsIs();
	if (asIs) {
		// The reader reads the header line too, so the line limit covers it.
		return { bytes: ascii!.bytes, rows, columns: stageColumnNames(header.cells), longestLineBytes: asIsLongest + 1, valueSample, asIs: true };
	}
	return {
		bytes: out().finish(),
		rows,
		columns: stageColumnNames(header.cells),
		// A UTF-16 code unit is at most 3 bytes of UTF-8 (a pair, 4 bytes for 2 units).
		longestLineBytes: 3 * longest,
		valueSample
	};
}

function quoteError(fileName: string, err: unknown): unknown {
	if (!(err instanceof UnterminatedQuoteError)) return err;
	return new ImportError(
		fileName,
		`could not be read as CSV: a double quote (") on line ${err.line} starts a quoted cell that is never closed, so the rest of the file would run into one cell.`,
		`Find the stray quote on line ${err.line} (or remove the quotes around that cell), save the file, and import it again.`
	);
}

/**
 * The rows of the registered staging text, read with every option given, so DuckDB sniffs
 * nothing. The line limit fits the file's longest record (so any record is read) and the buffer is
 * kept small. Text staged as it is (`asIs`) has its header line first and no line numbers: the
 * header is skipped and the rows numbered in order (row n is line n + 1; DuckDB-wasm reads with one
 * thread, and a window over no order keeps the reader's order).
 */
function stagedRowsSql(registeredName: string, delimiter: CsvDelimiter, staging: StagingText): string {
	const columnsSql = staging.columns.map((c) => `${quoteLiteral(c)}: 'VARCHAR'`);
	if (!staging.asIs) columnsSql.push(`${quoteLiteral(LINE_COLUMN)}: 'INTEGER'`);
	const lineBytes = Math.max(MIN_LINE_BYTES, staging.longestLineBytes + 1);
	// Numbers we computed, not text from the file.
	const reader = `read_csv(${quoteLiteral(registeredName)}, auto_detect = false, header = ${staging.asIs ? 'true' : 'false'},
		delim = ${DELIMITER_SQL[delimiter]}, quote = '"', escape = '"', new_line = '\\n',
		max_line_size = ${lineBytes}, buffer_size = ${BUFFER_LINES * lineBytes}, columns = {${columnsSql.join(', ')}})`;
	return staging.asIs ? `SELECT *, (row_number() OVER () + 1)::INTEGER AS ${LINE_COLUMN} FROM ${reader}` : `SELECT * FROM ${reader}`;
}

/** DuckDB could not read the staged file: what the user is told. */
export function csvReadError(file: SourceFile, err: unknown): ImportError {
	return new ImportError(
		file.name,
		`could not be read as CSV (${(err as Error).message.split('\n')[0]}).`,
		'Check it is a CSV export with one header row; re-export it from the source system if unsure.'
	);
}

/** Refuse a file whose staged rows or columns are not the records the walk counted. */
function checkStaged(file: SourceFile, staging: StagingText, rows: number, columns: readonly string[]): void {
	if (rows !== staging.rows || columns.join('\u0000') !== staging.columns.join('\u0000')) {
		// Cannot happen if the staging text is right; refuse rather than misnumber or lose rows.
		throw new ImportError(
			file.name,
			`could not be read as CSV: ${staging.rows} records with the columns ${staging.columns.join(', ')} were found, but ${rows} rows with the columns ${columns.join(', ')} were staged.`,
			'Please report this with the file (or its first lines); re-exporting it from the source system may help.'
		);
	}
}

/** The stage's columns as DuckDB has them, after `before` (statements without parameters) if given. */
async function stagedColumns(engine: Engine, before?: string): Promise<string[]> {
	// STAGE is this module's constant, so it can be written into the text beside `before`.
	const list = `SELECT column_name AS name FROM information_schema.columns WHERE table_name = ${quoteLiteral(STAGE)} ORDER BY ordinal_position`;
	const cols = await engine.query<{ name: string }>(before ? `${before}; ${list}` : list);
	return cols.map((c) => c.name).filter((c) => c !== LINE_COLUMN);
}

/** A header and no data: DuckDB cannot read an empty file with given columns, so make the (empty) table. */
async function stageHeaderOnly(engine: Engine, staging: StagingText): Promise<void> {
	await engine.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS
		SELECT * FROM (SELECT ${staging.columns.map((c) => `NULL::VARCHAR AS ${quoteIdent(c)}`).join(', ')}, NULL::INTEGER AS ${LINE_COLUMN}) WHERE false`);
}

/**
 * Stage a CSV as text columns: decode it (decodeCsv; throws ImportError for files that are not
 * CSV), then load every non-blank record into STAGE with the line it starts on in LINE_COLUMN.
 * Records with fewer cells than the header get NULLs for the missing ones (validation then judges
 * the row); a record with more non-empty cells than the header refuses the file, naming the lines.
 */
export async function stageCsv(engine: Engine, file: SourceFile, registeredName: string): Promise<StagedCsv> {
	const { info: decoded, staging } = file.prepared ?? prepareCsv(file.name, file.bytes);
	if (staging.rows === 0) {
		await stageHeaderOnly(engine, staging);
	} else {
		await engine.registerFileBuffer(registeredName, staging.bytes);
		try {
			await engine.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS ${stagedRowsSql(registeredName, decoded.delimiter, staging)}`);
		} catch (err) {
			throw csvReadError(file, err);
		} finally {
			await engine.dropFile(registeredName);
		}
	}
	const columns = await stagedColumns(engine);
	const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${STAGE}`);
	checkStaged(file, staging, n, columns);
	return { columns, rows: staging.rows, decoded, checkRows: (rows) => checkStaged(file, staging, rows, columns), valueSample: staging.valueSample };
}

/** A stage read straight from the file: see stageCsvStreamed. */
export interface StreamedStage extends StagedCsv {
	/** Drop the view (on success; a rollback removes it otherwise). */
	dropView(): Promise<void>;
	/** Forget the registered staging text; always call it, in a `finally`. */
	release(): Promise<void>;
}

/**
 * Stage a CSV as a view over DuckDB's reader instead of a table, for a conversion that reads every
 * row once and never rewrites the stage. The staged text columns are never materialised: copying
 * 25 text columns into a table cost about a third of a second per 100,000 rows in DuckDB-wasm, and
 * the table was the largest thing in memory during an import (wasm memory never shrinks, so the
 * peak stays for the session). The same reader with the same options reads the same rows, with
 * the same line numbers; a file DuckDB cannot read fails when the view is first read (the caller
 * wraps that as an ImportError with `csvReadError`), and the row count is checked after the
 * conversion (`checkRows`) instead of by counting the stage first.
 *
 * The staging text stays registered until `release`, since the view reads it again when rejected
 * rows are built. Callers that rewrite the stage (privacy) use stageCsv.
 */
export async function stageCsvStreamed(engine: Engine, file: SourceFile, registeredName: string): Promise<StreamedStage> {
	const { info: decoded, staging } = file.prepared ?? prepareCsv(file.name, file.bytes);
	// Another loader may have left its stage table (they are replaced, not dropped): dropped below,
	// in the same call that makes the view or the empty table.
	let registered = false;
	const release = async () => {
		if (registered) await engine.dropFile(registeredName);
		registered = false;
	};
	try {
		if (staging.rows === 0) {
			await stageHeaderOnly(engine, staging);
		} else {
			await engine.registerFileBuffer(registeredName, staging.bytes);
			registered = true;
		}
		// The view is made, and its columns read back, in one call.
		const columns = staging.rows === 0 ? await stagedColumns(engine) : await stagedColumns(engine, `DROP TABLE IF EXISTS ${STAGE}; CREATE TEMP VIEW ${STAGE} AS ${stagedRowsSql(registeredName, decoded.delimiter, staging)}`);
		checkStaged(file, staging, staging.rows, columns);
		return {
			columns,
			rows: staging.rows,
			decoded,
			checkRows: (rows) => checkStaged(file, staging, rows, columns),
			valueSample: staging.valueSample,
			dropView: () => engine.exec(staging.rows === 0 ? `DROP TABLE IF EXISTS ${STAGE}` : `DROP VIEW IF EXISTS ${STAGE}`),
			release
		};
	} catch (err) {
		await release();
		throw err;
	}
}

/** True when `err` is DuckDB failing to read a CSV (as opposed to a fault in our SQL). */
export function isCsvReadError(err: unknown): boolean {
	return /CSV/i.test((err as Error)?.message ?? '');
}

