/**
 * Loads a DfE explore-education-statistics (EES) data CSV into `published_stats`, one row per
 * published figure.
 *
 * EES files come in two layouts, and this loader takes both:
 * - wide: every measure has its own column (the children-in-need factors file:
 *   `Child_sexual_exploitation`, `Going_missing`, …). Each input row becomes one output row per
 *   measure column, `measure` being the column's name as published;
 * - long: one column names the measure and another holds the figure (the looked-after missing file:
 *   `CLA_group` names it, `number` holds it). Each input row becomes one output row.
 * Other columns that are not standard EES time/geography columns are filters (e.g. `category`),
 * kept in `breakdown` as `column=value` joined by `; `, so rows stay distinct.
 *
 * Which non-standard columns are filters and which are measures is decided from the cells: a
 * column of numbers and GSS symbols is a measure, a column of words a filter; a few names are
 * always filters (`category`, `…_group`, …). `options` can override both.
 *
 * Figures: `value` is the number (thousands separators removed) and `raw_value` the cell as
 * published. GSS symbols (`c`, `x`, `z`, `low`, `k`, `u`, `:`, `..`) keep `value` NULL and
 * `raw_value` the symbol: they are figures withheld, not errors, and never zero. A blank cell is
 * no figure and stores nothing.
 *
 * Counting: `rows_read` counts input rows. An input row is loaded when it has a time period and a
 * geographic level, at least one figure (number or symbol), and no cell that is neither; otherwise
 * it is rejected whole, with every reason (REQ01 for a missing time period, geographic level,
 * measure name or figure; NUM01 naming the measure column whose cell is not a number or symbol).
 * So `rows_read = rows_loaded + rows_rejected`, however many figures each row holds.
 */
import type { Engine } from '$lib/db/engine';
import { quoteLiteral } from '$lib/db/engine';
import { ImportError } from '../errors';
import { runImport, type ImportResult, type SourceFile } from '../import-run';
import { LINE_NUMBER, STAGE, stageCsv } from '../stage';
import { ParamList } from '../sql-params';
import { EES_LEVEL_COLUMNS, EES_REQUIRED, analyseEesHeader, findColumn, headerKeyOf, looksLikeDimension } from './headers';
import { GSS_SYMBOLS, cellSql, finishRows, isNumberSql, numberSql, rawRowSql, reasonsSql } from './sql';

export const DFE_EES_KIND = 'published_stats';
export const DFE_EES_LABEL = 'DfE explore-education-statistics data file';

const WORK = 'ingest_dfe_ees';

export interface DfeEesOptions {
	/** Columns to treat as measures whatever their cells hold (matched ignoring case, spaces, underscores). */
	measures?: readonly string[];
	/** Columns to treat as filters (kept in `breakdown`) whatever their cells hold. */
	dimensions?: readonly string[];
	/** Recorded as the import's agency; defaults to `Department for Education`. */
	agency?: string;
}

/** How the loader read a file's columns; returned by `classifyEesColumns` for the Import page to show. */
export interface EesColumns {
	layout: 'wide' | 'long';
	measures: string[];
	dimensions: string[];
	/** Long layout: the column naming the measure. */
	measureNameColumn?: string;
	/** Long layout: the column holding the figure. */
	valueColumn?: string;
}

const SYMBOLS_SQL = `(${GSS_SYMBOLS.map(quoteLiteral).join(', ')})`;

/** SQL: TRUE when a (trimmed, non-NULL) cell is a GSS symbol. */
function isSymbolSql(expr: string): string {
	return `lower(${expr}) IN ${SYMBOLS_SQL}`;
}

/** Decide, from the staged cells, which non-standard columns are measures and which are filters. */
export async function classifyEesColumns(engine: Engine, columns: readonly string[], options: DfeEesOptions = {}): Promise<EesColumns> {
	const header = analyseEesHeader(columns);
	const forcedMeasures = new Set((options.measures ?? []).map(headerKeyOf));
	const forcedDimensions = new Set((options.dimensions ?? []).map(headerKeyOf));
	const undecided = header.others.filter(
		(c) =>
			!forcedMeasures.has(headerKeyOf(c)) &&
			!forcedDimensions.has(headerKeyOf(c)) &&
			c !== header.valueColumn &&
			c !== header.measureNameColumn &&
			!looksLikeDimension(c)
	);
	const words = new Map<string, boolean>();
	if (undecided.length) {
		const [row] = await engine.query<Record<string, number>>(
			`SELECT ${undecided
				.map((c, i) => {
					const cell = cellSql(c);
					return `count(${cell})::INTEGER AS n${i},
					        count(*) FILTER (WHERE ${cell} IS NOT NULL AND NOT ${isNumberSql(cell)} AND NOT ${isSymbolSql(cell)})::INTEGER AS w${i}`;
				})
				.join(', ')} FROM ${STAGE}`
		);
		// Mostly words → a filter. A measure with the odd bad cell stays a measure (and the row is rejected).
		undecided.forEach((c, i) => words.set(c, row[`w${i}`] > 0 && row[`w${i}`] * 2 >= row[`n${i}`]));
	}
	const isMeasure = (c: string) => {
		const key = headerKeyOf(c);
		if (forcedMeasures.has(key)) return true;
		if (forcedDimensions.has(key)) return false;
		if (c === header.valueColumn) return true;
		if (c === header.measureNameColumn || looksLikeDimension(c)) return false;
		return !words.get(c);
	};
	const measures = header.others.filter(isMeasure);
	const dimensions = header.others.filter((c) => !isMeasure(c));
	if (header.layout === 'long' && header.valueColumn && measures.includes(header.valueColumn)) {
		const measureNameColumn = header.measureNameColumn && dimensions.includes(header.measureNameColumn) ? header.measureNameColumn : undefined;
		return { layout: 'long', measures, dimensions, measureNameColumn, valueColumn: header.valueColumn };
	}
	return { layout: 'wide', measures, dimensions };
}

export async function loadDfeEes(engine: Engine, file: SourceFile, options: DfeEesOptions = {}): Promise<ImportResult> {
	const mapping = {
		name: DFE_EES_LABEL,
		target: DFE_EES_KIND,
		layout: 'wide' as 'wide' | 'long',
		fields: {} as Record<string, { column: string }>,
		dimensions: [] as string[]
	};
	const meta = { kind: DFE_EES_KIND, agency: options.agency ?? 'Department for Education', mappingName: DFE_EES_LABEL, mapping };
	return runImport(engine, file, meta, async (importId) => {
		const { columns } = await stageCsv(engine, file, `import-${importId}.csv`);
		const missing = EES_REQUIRED.filter((c) => !findColumn(columns, c));
		if (missing.length) {
			throw new ImportError(
				file.name,
				`is missing the column(s) ${missing.join(', ')} that every explore-education-statistics data file has.`,
				'Download the data file (CSV) of the release again from explore-education-statistics.service.gov.uk, not a table built from it.'
			);
		}
		const shape = await classifyEesColumns(engine, columns, options);
		if (!shape.measures.length) {
			throw new ImportError(
				file.name,
				'has no column of figures (every column besides time and geography holds words).',
				'Check it is an explore-education-statistics data file; name the measure columns on import if they hold unusual values.'
			);
		}
		const timePeriod = findColumn(columns, 'time_period')!;
		const timeIdentifier = findColumn(columns, 'time_identifier')!;
		const geographicLevel = findColumn(columns, 'geographic_level')!;
		mapping.layout = shape.layout;
		mapping.dimensions = shape.dimensions;
		mapping.fields.time_period = { column: timePeriod };
		mapping.fields.geographic_level = { column: geographicLevel };
		for (const m of shape.measures) mapping.fields[m] = { column: m };
		if (shape.measureNameColumn) mapping.fields[shape.measureNameColumn] = { column: shape.measureNameColumn };

		// Parameters are bound in the order their placeholders appear in the SQL text, so build it in order.
		const p = new ParamList();
		const level = `lower(${cellSql(geographicLevel)})`;
		const levels = EES_LEVEL_COLUMNS.map((l) => ({
			level: l.level,
			code: findColumn(columns, ...l.code),
			name: findColumn(columns, ...l.name)
		}));
		const byLevel = (which: 'code' | 'name') => {
			const arms = levels.filter((l) => l[which]).map((l) => `WHEN ${p.add(l.level.toLowerCase())}::VARCHAR THEN ${cellSql(l[which]!)}`);
			return arms.length ? `CASE ${level} ${arms.join(' ')} END` : 'NULL::VARCHAR';
		};
		const areaCode = byLevel('code');
		const areaName = byLevel('name');
		// The region an LA (or a region's own row) belongs to, as published: for "region" comparisons.
		const regionColumn = findColumn(columns, 'region_code');
		const regionCode = regionColumn ? cellSql(regionColumn) : 'NULL::VARCHAR';
		const breakdownDims = shape.dimensions.filter((d) => d !== shape.measureNameColumn);
		const breakdown = breakdownDims.length
			? `NULLIF(concat_ws('; ', ${breakdownDims.map((d) => `${p.add(d + '=')}::VARCHAR || ${cellSql(d)}`).join(', ')}), '')`
			: 'NULL::VARCHAR';
		const measureName = shape.measureNameColumn ? cellSql(shape.measureNameColumn) : null;
		const cells = shape.measures.map((m) => {
			let name: string;
			if (shape.layout === 'long' && measureName) {
				name = m === shape.valueColumn ? measureName : `${measureName} || ${p.add(' / ' + m)}::VARCHAR`;
			} else {
				name = `${p.add(m)}::VARCHAR`;
			}
			return `{'m': ${name}, 'f': ${p.add(m)}::VARCHAR, 'c': ${cellSql(m)}}`;
		});
		const noFigureField = `${p.add(shape.layout === 'long' ? shape.valueColumn! : 'value')}::VARCHAR`;
		const reasons = reasonsSql([
			`CASE WHEN r_time_period IS NULL THEN 'REQ01:time_period' END`,
			`CASE WHEN r_geographic_level IS NULL THEN 'REQ01:geographic_level' END`,
			...(shape.measureNameColumn ? [`CASE WHEN r_measure_name IS NULL THEN ${p.add('REQ01:' + shape.measureNameColumn)}::VARCHAR END`] : [])
		]);
		await engine.query(
			`CREATE OR REPLACE TEMP TABLE ${WORK} AS
			 WITH cells AS (
				SELECT ${LINE_NUMBER} AS line, ${rawRowSql(columns)} AS raw,
				       ${cellSql(timePeriod)} AS r_time_period, ${cellSql(timeIdentifier)} AS r_time_identifier,
				       ${cellSql(geographicLevel)} AS r_geographic_level,
				       ${areaCode} AS area_code, ${areaName} AS area_name, ${regionCode} AS region_code, ${breakdown} AS breakdown,
				       ${measureName ?? 'NULL::VARCHAR'} AS r_measure_name,
				       [${cells.join(', ')}] AS cells,
				       ${noFigureField} AS no_figure_field
				FROM ${STAGE}
			 ), figures AS (
				SELECT * REPLACE (list_transform(cells, x -> {'m': x.m, 'f': x.f, 'c': x.c,
				                  'v': ${numberSql('x.c')}, 's': coalesce(${isSymbolSql('x.c')}, false)}) AS cells)
				FROM cells
			 )
			 SELECT *,
			        list_concat(${reasons},
			                    list_transform(list_filter(cells, x -> x.c IS NOT NULL AND x.v IS NULL AND NOT x.s), x -> 'NUM01:' || x.f),
			                    CASE WHEN len(list_filter(cells, x -> x.c IS NOT NULL)) = 0 THEN ['REQ01:' || no_figure_field] ELSE []::VARCHAR[] END
			        ) AS reasons
			 FROM figures`,
			p.values
		);
		await engine.query(
			`INSERT INTO published_stats (import_id, line, time_period, time_identifier, geographic_level, area_code, area_name,
			                              region_code, breakdown, measure, value, raw_value)
			 SELECT ?, line, r_time_period, r_time_identifier, r_geographic_level, area_code, area_name, region_code, breakdown, u.m, u.v, u.c
			 FROM (SELECT line, r_time_period, r_time_identifier, r_geographic_level, area_code, area_name, region_code, breakdown,
			              unnest(cells) AS u, generate_subscripts(cells, 1) AS i
			       FROM ${WORK} WHERE len(reasons) = 0)
			 WHERE u.c IS NOT NULL
			 ORDER BY line, i`,
			[importId]
		);
		return finishRows(engine, WORK, importId);
	});
}
