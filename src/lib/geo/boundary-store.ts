/**
 * Boundaries in the store: loading a boundary file writes its areas to `areas` and their shapes to
 * `area_geometry`, replacing the earlier boundaries of the same level, in one transaction: a file
 * refused by a rule, or any failure on the way, leaves the workspace exactly as it was.
 *
 * - A boundary file is an import like any other (kind `boundaries`): fingerprinted, listed among
 *   the files behind the figures, and loading the same file again changes nothing.
 * - Areas the workspace already knows at that level (from the area lookup, say) are kept, with
 *   their lookup parent; the boundaries only fill in what they lack (name, parent, vintage).
 *   Areas a previous boundary file of the level brought in are removed with its shapes, and that
 *   file leaves the list of imports (it no longer contributes anything).
 * - Afterwards any small area without a known ward, or ward without a known local authority, is
 *   placed by containment (containment.ts) when boundaries of the larger level are loaded.
 */
import type { Engine, SqlParam } from '$lib/db/engine';
import { runImport, type ImportResult, type SourceFile } from '$lib/ingest/import-run';
import { parseBoundaries, levelOfCode, type AreaLevel, type BoundaryOptions, type BoundarySet } from './boundaries';
import { containingAreas, type CodedGeometry } from './containment';
import type { AreaGeometry } from './geometry';
import { codesMatchData } from './rules/data';
import { enforce } from './rules/rule';

export const BOUNDARY_KIND = 'boundaries';

/** Rows per parameterised INSERT when staging areas (a few thousand parameters per statement). */
const INSERT_BATCH = 500;

/** Which larger level each level's areas are placed in by containment, smaller first. */
const CONTAINMENT_STEPS: readonly [AreaLevel, AreaLevel][] = [
	['small_area', 'ward'],
	['ward', 'la']
];

const LEVEL_LABEL: Record<AreaLevel, string> = { small_area: 'small areas', ward: 'wards', la: 'local authorities' };

export interface BoundaryLoadResult extends ImportResult {
	level: AreaLevel;
	vintage: string | null;
	format: BoundarySet['format'];
	sourceCrs: BoundarySet['sourceCrs'];
	codeProperty: string;
	nameProperty: string | null;
	parentProperty: string | null;
	properties: string[];
	/** Areas in the file. */
	areaCount: number;
	/** Areas given a parent by containment in this load (0 when nothing changed). */
	placedByContainment: number;
}

/** Where the workspace's data has area codes, by column. Table and column names are fixed here. */
const DATA_AREA_COLUMNS: readonly [string, string][] = [
	['concerns', 'home_area'],
	['missing_episodes', 'area_found'],
	['locations', 'area_code'],
	['police_crimes', 'lsoa_code'],
	['population', 'area_code']
];

/**
 * Area codes the workspace uses at `level`, for BND10 (the boundaries must match some of them):
 * the areas known at that level, and codes in the data whose GSS form says they are of that level.
 * Codes of other levels are left out, so LSOA boundaries are not refused because the only data so
 * far is a national population file by local authority.
 */
export async function workspaceAreaCodes(engine: Engine, level: AreaLevel): Promise<Set<string>> {
	const union = DATA_AREA_COLUMNS.map(([t, c]) => `SELECT DISTINCT ${c} AS code FROM ${t} WHERE ${c} IS NOT NULL`).join(' UNION ');
	const rows = await engine.query<{ code: string; known: boolean }>(
		`SELECT area_code AS code, true AS known FROM areas WHERE level = ? UNION SELECT code, false FROM (${union})`,
		[level]
	);
	return new Set(rows.filter((r) => r.known || levelOfCode(r.code) === level).map((r) => r.code));
}

async function stageAreas(engine: Engine, set: BoundarySet): Promise<void> {
	await engine.exec(`CREATE OR REPLACE TEMP TABLE boundary_stage (area_code VARCHAR, area_name VARCHAR, parent_code VARCHAR, geojson VARCHAR)`);
	for (let i = 0; i < set.areas.length; i += INSERT_BATCH) {
		const batch = set.areas.slice(i, i + INSERT_BATCH);
		const params: SqlParam[] = batch.flatMap((a) => [a.code, a.name, a.parentCode, JSON.stringify(a.geometry)]);
		await engine.query(`INSERT INTO boundary_stage VALUES ${batch.map(() => '(?, ?, ?, ?)').join(', ')}`, params);
	}
}

/** Write `set` as the boundaries of its level, replacing the previous ones. Inside a transaction. */
async function replaceLevel(engine: Engine, set: BoundarySet, importId: number): Promise<void> {
	const level = set.level;
	await stageAreas(engine, set);
	const previous = (await engine.query<{ import_id: number }>(
		`SELECT DISTINCT import_id FROM area_geometry WHERE level = ? AND import_id IS NOT NULL`, [level]
	)).map((r) => r.import_id);
	await engine.query(`DELETE FROM area_geometry WHERE level = ?`, [level]);
	if (previous.length) {
		const ids = previous.map(() => '?').join(', ');
		await engine.query(`DELETE FROM areas WHERE level = ? AND import_id IN (${ids})`, [level, ...previous]);
		// A superseded boundary file contributes nothing now: drop it from the imports, so it can be loaded again later.
		await engine.query(
			`DELETE FROM imports WHERE kind = ? AND import_id IN (${ids})
			   AND import_id NOT IN (SELECT import_id FROM areas WHERE import_id IS NOT NULL UNION SELECT import_id FROM area_geometry WHERE import_id IS NOT NULL)`,
			[BOUNDARY_KIND, ...previous]
		);
	}
	await engine.query(
		`UPDATE areas SET area_name = coalesce(areas.area_name, s.area_name), parent_code = coalesce(areas.parent_code, s.parent_code),
		        vintage = coalesce(areas.vintage, ?)
		 FROM boundary_stage s WHERE areas.area_code = s.area_code AND areas.level = ?`,
		[set.vintage, level]
	);
	await engine.query(
		`INSERT INTO areas (area_code, area_name, level, parent_code, vintage, import_id)
		 SELECT s.area_code, s.area_name, ?, s.parent_code, ?, ? FROM boundary_stage s
		 WHERE NOT EXISTS (SELECT 1 FROM areas a WHERE a.area_code = s.area_code AND a.level = ?)`,
		[level, set.vintage, importId, level]
	);
	await engine.query(`INSERT INTO area_geometry (area_code, level, geojson, import_id) SELECT area_code, ?, geojson, ? FROM boundary_stage`, [level, importId]);
	await engine.exec(`DROP TABLE boundary_stage`);
}

/** The shapes stored for `level`, ordered by code. */
export async function readAreaGeometry(engine: Engine, level: AreaLevel): Promise<{ code: string; name: string | null; geometry: AreaGeometry }[]> {
	const rows = await engine.query<{ code: string; name: string | null; geojson: string }>(
		`SELECT g.area_code AS code, (SELECT any_value(a.area_name) FROM areas a WHERE a.area_code = g.area_code AND a.level = g.level) AS name, g.geojson
		 FROM area_geometry g WHERE g.level = ? ORDER BY g.area_code`,
		[level]
	);
	return rows.map((r) => ({ code: r.code, name: r.name, geometry: JSON.parse(r.geojson) as AreaGeometry }));
}

/** Levels that have boundaries loaded, smaller first. */
export async function boundaryLevels(engine: Engine): Promise<AreaLevel[]> {
	const rows = await engine.query<{ level: AreaLevel }>(
		`SELECT DISTINCT level FROM area_geometry ORDER BY CASE level WHEN 'small_area' THEN 0 WHEN 'ward' THEN 1 ELSE 2 END`
	);
	return rows.map((r) => r.level);
}

/**
 * Give every area that has no known parent (none recorded, or one that is not a known area of the
 * larger level) the larger area containing it, where boundaries of both levels are loaded.
 * Returns how many areas were placed.
 */
export async function placeByContainment(engine: Engine): Promise<number> {
	let placed = 0;
	for (const [small, large] of CONTAINMENT_STEPS) {
		const orphans = await engine.query<{ code: string; geojson: string }>(
			`SELECT g.area_code AS code, g.geojson FROM area_geometry g JOIN areas a ON a.area_code = g.area_code AND a.level = g.level
			 WHERE g.level = ? AND (a.parent_code IS NULL OR a.parent_code NOT IN (SELECT area_code FROM areas WHERE level = ?))`,
			[small, large]
		);
		if (!orphans.length) continue;
		const parents = await engine.query<{ code: string; geojson: string }>(`SELECT area_code AS code, geojson FROM area_geometry WHERE level = ?`, [large]);
		if (!parents.length) continue;
		const parse = (r: { code: string; geojson: string }): CodedGeometry => ({ code: r.code, geometry: JSON.parse(r.geojson) as AreaGeometry });
		const found = [...containingAreas(orphans.map(parse), parents.map(parse)).entries()].filter((e): e is [string, string] => e[1] !== null);
		for (let i = 0; i < found.length; i += INSERT_BATCH) {
			const batch = found.slice(i, i + INSERT_BATCH);
			await engine.query(
				`UPDATE areas SET parent_code = p.parent FROM (VALUES ${batch.map(() => '(?, ?)').join(', ')}) AS p(code, parent)
				 WHERE areas.area_code = p.code AND areas.level = ?`,
				[...batch.flat(), small]
			);
		}
		placed += found.length;
	}
	return placed;
}

/**
 * Parse, check and load a boundary file. Throws a BoundaryError (code BND01…BND10, what is wrong
 * and where, what to do) when the file fails a rule; the workspace is then unchanged.
 * `options.dataCodes` defaults to the workspace's own codes at the file's level.
 * `replaces` is an earlier load of boundaries this one takes the place of (the same file with
 * other properties chosen): it goes in the same transaction, so a choice that breaks a rule
 * leaves the earlier boundaries loaded.
 */
export async function loadBoundaries(
	engine: Engine,
	file: SourceFile,
	options: BoundaryOptions & { replaces?: number } = {}
): Promise<BoundaryLoadResult> {
	const text = new TextDecoder('utf-8').decode(file.bytes);
	const set = parseBoundaries(file.name, text, options);
	let placedByContainment = 0;
	const meta = {
		kind: BOUNDARY_KIND,
		agency: null,
		mappingName: `Boundaries: ${LEVEL_LABEL[set.level]} (${set.codeProperty}${set.vintage ? `, ${set.vintage}` : ''})`,
		mapping: { level: set.level, codeProperty: set.codeProperty, nameProperty: set.nameProperty, parentProperty: set.parentProperty, vintage: set.vintage }
	};
	const result = await runImport(
		engine,
		file,
		meta,
		async (importId) => {
			// Checked here, after any replaced load is gone, so its own areas do not vouch for it.
			if (!options.dataCodes) {
				enforce(codesMatchData, file.name, { codes: set.areas.map((a) => a.code), dataCodes: await workspaceAreaCodes(engine, set.level) });
			}
			await replaceLevel(engine, set, importId);
			placedByContainment = await placeByContainment(engine);
			return { read: set.areas.length, rejected: 0 };
		},
		{ replaces: options.replaces }
	);
	return {
		...result,
		level: set.level,
		vintage: set.vintage,
		format: set.format,
		sourceCrs: set.sourceCrs,
		codeProperty: set.codeProperty,
		nameProperty: set.nameProperty,
		parentProperty: set.parentProperty,
		properties: set.properties,
		areaCount: set.areas.length,
		placedByContainment
	};
}
