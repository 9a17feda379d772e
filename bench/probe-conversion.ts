/**
 * `npx tsx bench/probe-conversion.ts [rows]` — where the conversion SQL's time goes.
 *
 * Times single expressions of the app's conversion (src/lib/ingest/convert-sql.ts and
 * load-mapped.ts) on the staged CSC export (bench/.cache/data/csc-<rows>.csv, made by
 * `npm run bench`), in DuckDB-wasm (Node, the same wasm build as the browser) and in native
 * DuckDB (one thread), each as `CREATE TEMP TABLE … AS SELECT <expr> FROM stage`, best of 3.
 * Variants show what a change to the generated SQL would save.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createNodeEngine } from '$lib/db/node';
import { ROOT } from './vite-config';

const rows = process.argv[2] ?? '100000';
const file = join(ROOT, 'bench', '.cache', 'data', `csc-${rows}.csv`);
const ISO_LIST = `['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d']`;
const DMY_LIST = `['%d/%m/%y %H:%M', '%d/%m/%y', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y']`;

function probes(cols: string[]): [string, string][] {
	const q = (c: string) => `"${c}"`;
	return [
		['copy one column (floor)', `assessment_date`],
		['ISO date: app list, plain date last', `try_strptime(assessment_date, ${ISO_LIST})`],
		['ISO date: plain date first', `try_strptime(assessment_date, ['%Y-%m-%d', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M'])`],
		['ISO date: one pattern', `try_strptime(assessment_date, '%Y-%m-%d')`],
		['UK date: app list (dd/mm/yyyy 5th)', `try_strptime(strftime(try_strptime(assessment_date, '%Y-%m-%d'), '%d/%m/%Y'), ${DMY_LIST})`],
		['UK date: shape check, then one pattern', `CASE WHEN regexp_full_match(x, '\\d{1,2}/\\d{1,2}/\\d{4}') THEN try_strptime(x, '%d/%m/%Y') ELSE try_strptime(x, ${DMY_LIST}) END FROM (SELECT strftime(try_strptime(assessment_date, '%Y-%m-%d'), '%d/%m/%Y') AS x`],
		['UK date: reformat only (floor for the two above)', `strftime(try_strptime(assessment_date, '%Y-%m-%d'), '%d/%m/%Y')`],
		['raw row text, every row (app)', `array_to_string(list_transform([${cols.map(q).join(', ')}], x -> CASE WHEN x IS NULL THEN '' WHEN regexp_matches(x, '[",\\r\\n]') THEN '"' || replace(x, '"', '""') || '"' ELSE x END), ',')`],
		['yes/no CASE with 15 spellings', `CASE lower(missing) WHEN 'y' THEN true WHEN 'yes' THEN true WHEN 'true' THEN true WHEN '1' THEN true WHEN 't' THEN true WHEN 'n' THEN false WHEN 'no' THEN false WHEN 'false' THEN false WHEN '0' THEN false WHEN 'f' THEN false WHEN 'not known' THEN NULL WHEN 'unknown' THEN NULL WHEN 'n/k' THEN NULL WHEN 'nk' THEN NULL WHEN 'not recorded' THEN NULL END`],
		['number check (regexp) and cast', `CASE WHEN regexp_full_match(seraf_score, '-?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\\.[0-9]+)?') THEN TRY_CAST(replace(seraf_score, ',', '') AS DOUBLE) END`]
	];
}

const sqlFor = (expr: string) =>
	// The UK-date probe carries its own subquery; the others read the stage directly.
	expr.includes(' FROM (SELECT ') ? `SELECT ${expr} FROM stage)` : `SELECT ${expr} AS x FROM stage`;

async function bestOf3(run: () => Promise<unknown>): Promise<number> {
	let best = Infinity;
	for (let i = 0; i < 3; i++) {
		const t0 = performance.now();
		await run();
		best = Math.min(best, performance.now() - t0);
	}
	return Math.round(best);
}

async function main() {
	const wasm = await createNodeEngine();
	await wasm.registerFileText('stage.csv', readFileSync(file, 'utf8'));
	await wasm.exec(`CREATE TABLE stage AS SELECT * FROM read_csv('stage.csv', all_varchar = true, header = true)`);
	const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
	const native = await instance.connect();
	await native.run(`CREATE TABLE stage AS SELECT * FROM read_csv('${file.replaceAll("'", "''")}', all_varchar = true, header = true)`);
	const cols = (await wasm.query<{ column_name: string }>(`DESCRIBE stage`)).map((r) => r.column_name);
	console.log(`| expression (${Number(rows).toLocaleString('en-GB')} rows) | DuckDB-wasm ms | native ms |`);
	console.log('| --- | --- | --- |');
	for (const [label, expr] of probes(cols)) {
		const sql = `CREATE OR REPLACE TEMP TABLE probe AS ${sqlFor(expr)}`;
		const w = await bestOf3(() => wasm.exec(sql));
		const n = await bestOf3(() => native.run(sql));
		console.log(`| ${label} | ${w} | ${n} |`);
	}
	native.closeSync();
	instance.closeSync();
	await wasm.close();
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
