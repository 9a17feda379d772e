/**
 * Loads one CSV through a mapping into its canonical table, in DuckDB:
 *   stage every cell as text → convert each mapped field with SQL → check every rule →
 *   insert the rows that pass, keep the others in `rejected_rows` with all their reasons.
 * It runs in one transaction (runImport), so a file is either wholly accounted for or not
 * imported at all, and `rows_read = rows_loaded + rows_rejected` always holds.
 */
import type { Engine } from '$lib/db/engine';
import { quoteIdent, type SqlParam } from '$lib/db/engine';
import { ImportError } from './errors';
import { DEFAULT_BOOLEAN_VALUES, normaliseHeaderCell, type Mapping, type MappedValue } from './mapping';
import { ParamList } from './sql-params';
import { convertSql } from './convert-sql';
import { AGENCY_TABLES, TARGETS } from './targets';
import { RULES, reasonKey } from './rules';
import type { FieldSql } from './rules/rule';
import { todayIso } from '$lib/measures/today';
import { runImport, type ImportResult, type SourceFile } from './import-run';
import { LINE_NUMBER, STAGE, csvReadError, dropStage, isCsvReadError, stageCsv, stageCsvStreamed } from './stage';

export type { ImportResult, SourceFile } from './import-run';

const CONVERTED = 'ingest_converted';

/**
 * What counts as blank around a cell: DuckDB's trim() removes spaces only, so a cell holding just
 * a tab or a line break would otherwise pass as a value (e.g. a child ID of "\t").
 */
const BLANK_CHARACTERS = `' ' || chr(9) || chr(10) || chr(13) || chr(160)`;

/**
 * A cell trimmed of BLANK_CHARACTERS, NULL when nothing is left. trim() with a character list
 * costs about 0.2 µs per cell (0.45 s for 27 columns × 100,000 rows), and almost no cell has
 * anything to trim, so a cheap test first asks whether either end may be blank. A string sorts
 * below '!' (byte order) exactly when it is empty or starts with a space or a control character
 * (tab, line feed and carriage return among them); the other tests compare the first or last
 * bytes. The test may say yes when trimming changes nothing (then the answer is the same either
 * way); it never says no to a cell with a blank end. It replaced a regular expression, which cost
 * about 30% of the conversion's CPU time in DuckDB-wasm (0.2 s per 100,000 rows of 27 cells).
 */
function trimmedCellSql(cell: () => string): string {
	// `cell` is called once per use: it may add a parameter, and each placeholder is bound once.
	const endsBlank = ["' '", 'chr(9)', 'chr(10)', 'chr(13)', 'chr(160)'].map((c) => `ends_with(${cell()}, ${c})`).join(' OR ');
	const mayBeBlank = `${cell()} < '!' OR starts_with(${cell()}, chr(160)) OR ${endsBlank}`;
	return `(CASE WHEN ${mayBeBlank} THEN NULLIF(trim(${cell()}, ${BLANK_CHARACTERS}), '') ELSE NULLIF(${cell()}, '') END)`;
}

function valueMapSql(raw: string, values: Record<string, MappedValue>, kind: 'code' | 'boolean', p: ParamList) {
	const entries = Object.entries(values);
	const cast = kind === 'boolean' ? '::BOOLEAN' : '::VARCHAR';
	const key = `lower(${raw})`;
	const value = entries.length
		? `CASE ${key} ${entries.map(([k, v]) => `WHEN ${p.add(k.toLowerCase())} THEN ${p.add(v)}${cast}`).join(' ')} END`
		: `NULL${cast}`;
	const known = entries.length ? `(${key} IN (${entries.map(([k]) => p.add(k.toLowerCase())).join(', ')}))` : 'FALSE';
	return { value, known };
}

/**
 * Build the SELECT that converts staged rows and lists every reason a row fails. It runs in three
 * layers so each parameter placeholder appears exactly once in the SQL text however many rules
 * look at a field: `cells` (the trimmed text of each mapped field), `conv` (converted values and
 * whether coded values are known), then the final row with its reasons.
 */
export function buildConversion(mapping: Mapping, stagedColumns: string[], fileName: string, today: string) {
	// One list per layer: placeholders must be bound in the order they appear in the text.
	const cellsP = new ParamList();
	const convP = new ParamList();
	const outP = new ParamList();
	const todayCol = `${cellsP.add(today)}::DATE AS today`;
	const byNormalised = new Map(stagedColumns.map((c) => [normaliseHeaderCell(c), c]));
	const cellCols: string[] = [];
	const convCols: string[] = [];
	const fields = new Map<string, FieldSql>();
	for (const spec of TARGETS[mapping.target]) {
		const rule = mapping.fields[spec.name];
		if (!rule) continue;
		const column = byNormalised.get(normaliseHeaderCell(rule.column));
		if (column === undefined) {
			throw new ImportError(
				fileName,
				`the mapping "${mapping.name}" expects a column "${rule.column}", which is not in the file (columns found: ${stagedColumns.join(', ')}).`,
				'Choose the right mapping for this file, or edit the mapping to use the columns it has.'
			);
		}
		const part = rule.part;
		const staged = `${STAGE}.${quoteIdent(column)}`;
		const cell = () => (part ? `split_part(${staged}, ${cellsP.add(part.separator)}, ${part.index + 1})` : staged);
		const raw = quoteIdent(`r_${spec.name}`);
		const value = quoteIdent(`v_${spec.name}`);
		cellCols.push(`${trimmedCellSql(cell)} AS ${raw}`);
		if (spec.kind === 'code' || spec.kind === 'boolean') {
			const values =
				spec.kind === 'boolean'
					? { ...DEFAULT_BOOLEAN_VALUES, ...rule.values }
					: { ...Object.fromEntries((spec.codes ?? []).map((c) => [c, c])), ...rule.values };
			const known = quoteIdent(`k_${spec.name}`);
			const sql = valueMapSql(raw, values, spec.kind, convP);
			convCols.push(`${sql.value} AS ${value}`, `${sql.known} AS ${known}`);
			fields.set(spec.name, { spec, raw, value, known });
		} else {
			convCols.push(`${convertSql(raw, spec.kind, rule.format ?? mapping.dateFormat)} AS ${value}`);
			fields.set(spec.name, { spec, raw, value });
		}
	}
	const constants = Object.entries(mapping.constants ?? {}).filter(([name]) => !fields.has(name));
	const wantsAgency =
		(AGENCY_TABLES.has(mapping.target) || mapping.target === 'locations') &&
		!fields.has('agency') &&
		!constants.some(([name]) => name === 'agency');
	const missingRequired = TARGETS[mapping.target].filter(
		(s) => s.required && !fields.has(s.name) && !constants.some(([name]) => name === s.name) && !(s.name === 'agency' && wantsAgency)
	);
	if (missingRequired.length) {
		throw new ImportError(
			fileName,
			`the mapping "${mapping.name}" does not say which column holds ${missingRequired.map((s) => s.label).join(', ')}.`,
			'Edit the mapping and choose a column for each required field.'
		);
	}

	const checks = RULES.flatMap((rule) =>
		rule.check({ target: mapping.target, fields, today: 'today' }).map((c) => ({ failsWhen: c.failsWhen, key: reasonKey(rule.code, c.field) }))
	);
	// The list of reasons is built only for rows that fail something: building and filtering a list
	// for every row cost about 0.05 s per 100,000 rows in DuckDB-wasm, and most rows pass. A row
	// fails when any check is TRUE (a NULL check passes, as it does inside the list).
	const reasons = checks.length
		? `CASE WHEN ${checks.map((c) => `(${c.failsWhen})`).join(' OR ')}
			THEN list_filter([${checks.map((c) => `CASE WHEN ${c.failsWhen} THEN '${c.key}' END`).join(', ')}], r -> r IS NOT NULL)
			ELSE []::VARCHAR[] END`
		: `[]::VARCHAR[]`;
	const outCols = [...fields.entries()].map(([name, f]) => `${f.value} AS ${quoteIdent(name)}`);
	for (const [name, value] of constants) outCols.push(`${outP.add(value)} AS ${quoteIdent(name)}`);
	if (wantsAgency) outCols.push(`${outP.add(mapping.agency)} AS agency`);

	const select = `WITH cells AS (
			SELECT ${LINE_NUMBER} AS line, ${todayCol}, ${cellCols.join(', ')} FROM ${STAGE}
		), conv AS (
			SELECT cells.*, ${convCols.join(', ')} FROM cells
		)
		SELECT line, ${reasons} AS reasons, ${outCols.join(', ')} FROM conv`;
	const targetColumns = [...fields.keys(), ...constants.map(([name]) => name), ...(wantsAgency ? ['agency'] : [])];
	return { select, params: [...cellsP.values, ...convP.values, ...outP.values], targetColumns };
}

/**
 * A staged row as CSV text, so a rejected row can be shown and downloaded as it was. Built only for
 * rejected rows (joined back to the stage by line): building it for every row cost about half a
 * second per 100,000 rows, for rows that are loaded and never need it.
 */
function rawRowSql(stagedColumns: readonly string[]): string {
	return `array_to_string(list_transform([${stagedColumns.map((c) => `${STAGE}.${quoteIdent(c)}`).join(', ')}],
		x -> CASE WHEN x IS NULL THEN '' WHEN regexp_matches(x, '[",\\r\\n]') THEN '"' || replace(x, '"', '""') || '"' ELSE x END), ',')`;
}

export interface Statement {
	/** What the step does, for progress and for the benchmark's breakdown. */
	step: 'convert' | 'insert_loaded' | 'insert_rejected' | 'count' | 'drop';
	sql: string;
	params: SqlParam[];
	/**
	 * Run only when the count (which comes earlier) found rejected rows. Building rejected rows
	 * joins the converted rows back to the whole stage: about 0.1 s per 100,000 rows even when
	 * nothing is rejected, as clean files usually are.
	 */
	onlyIfRejected?: true;
}

/** Run `statements` in order, as loadMapped and the benchmark's native DuckDB both do; returns the counts. */
export async function runStatements(
	statements: readonly Statement[],
	run: (statement: Statement) => Promise<{ read: number; rejected: number }[]>
): Promise<{ read: number; rejected: number }> {
	let counts = { read: 0, rejected: 0 };
	for (const statement of statements) {
		if (statement.onlyIfRejected && counts.rejected === 0) continue;
		const rows = await run(statement);
		if (statement.step === 'count') counts = rows[0];
	}
	return counts;
}

/**
 * The statements that take the staged table into its canonical table and `rejected_rows`, in order
 * (run them with runStatements, which skips what `onlyIfRejected` says). One list, so the app and
 * the benchmark's native DuckDB run exactly the same SQL.
 */
export function conversionStatements(mapping: Mapping, stagedColumns: string[], fileName: string, today: string, importId: number): Statement[] {
	const { select, params, targetColumns } = buildConversion(mapping, stagedColumns, fileName, today);
	const cols = ['import_id', 'line', ...targetColumns].map(quoteIdent).join(', ');
	const values = targetColumns.map(quoteIdent).join(', ');
	return [
		{ step: 'convert', sql: `CREATE OR REPLACE TEMP TABLE ${CONVERTED} AS ${select}`, params },
		{
			step: 'insert_loaded',
			sql: `INSERT INTO ${quoteIdent(mapping.target)} (${cols}) SELECT ?, line, ${values} FROM ${CONVERTED} WHERE len(reasons) = 0`,
			params: [importId]
		},
		{
			step: 'count',
			sql: `SELECT count(*)::INTEGER AS read, count(*) FILTER (WHERE len(reasons) > 0)::INTEGER AS rejected FROM ${CONVERTED}`,
			params: []
		},
		{
			step: 'insert_rejected',
			sql: `INSERT INTO rejected_rows SELECT ?, c.line, ${rawRowSql(stagedColumns)}, c.reasons
				FROM ${CONVERTED} AS c JOIN ${STAGE} ON ${LINE_NUMBER} = c.line WHERE len(c.reasons) > 0`,
			params: [importId],
			onlyIfRejected: true
		},
		{ step: 'drop', sql: `DROP TABLE IF EXISTS ${CONVERTED}`, params: [] }
	];
}

/** Import one file through `mapping`. Throws ImportError (and changes nothing) if the file as a whole is unusable. */
export interface LoadOptions {
	/** Today's date (ISO); defaults to the user's today. Dates after it are rejected. */
	today?: string;
	/**
	 * Runs on the staged text table before anything is converted or kept, e.g. to remove
	 * identifying columns, so they never reach a canonical table or a rejected row. Pass it only
	 * when there is something to rewrite: without it the file is read through a view (cheaper).
	 */
	beforeConvert?: (engine: Engine) => Promise<void>;
	/** Checked between steps; aborting rolls the whole import back. */
	signal?: AbortSignal;
	/** Reports which step is running, as words and a fraction of the whole. */
	onStage?: (label: string, progress: number) => void;
}

export async function loadMapped(engine: Engine, file: SourceFile, mapping: Mapping, options: LoadOptions = {}): Promise<ImportResult> {
	const meta = { kind: mapping.target, agency: mapping.agency, mappingName: mapping.name, mapping };
	return runImport(engine, file, meta, async (importId) => {
		const step = (label: string, progress: number) => {
			options.signal?.throwIfAborted();
			options.onStage?.(label, progress);
		};
		const registered = `import-${importId}.csv`;
		// A stage that is rewritten first (identifying columns) must be a table; otherwise the
		// conversion reads the file straight through a view, and no copy of it is kept.
		const rewrite = options.beforeConvert;
		const stage = rewrite ? null : await stageCsvStreamed(engine, file, registered);
		try {
			const staged = stage ? stage.columns : (await stageCsv(engine, file, registered)).columns;
			step('Checking for identifying columns', 0.3);
			await rewrite?.(engine);
			step('Converting and checking every row', 0.5);
			const statements = conversionStatements(mapping, staged, file.name, options.today ?? todayIso(), importId);
			const counts = await runStatements(statements, async (statement) => {
				if (statement.step === 'insert_loaded') step('Saving', 0.8);
				try {
					return await engine.query<{ read: number; rejected: number }>(statement.sql, statement.params);
				} catch (err) {
					// Through the view, DuckDB reads the file during the conversion, not while staging.
					throw stage && isCsvReadError(err) ? csvReadError(file, err) : err;
				}
			});
			stage?.checkRows(counts.read);
			if (stage) await stage.dropView();
			else await dropStage(engine);
			options.signal?.throwIfAborted();
			return { ...counts, header: staged };
		} finally {
			await stage?.release();
		}
	});
}
