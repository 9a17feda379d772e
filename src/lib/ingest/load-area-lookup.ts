/**
 * Loads the area lookup template (`area_code,area_name,ward_code,ward_name,la_code,la_name`):
 * each row names one small area and the ward and local authority it sits in.
 */
import type { Engine } from '$lib/db/engine';
import { runImport, type ImportResult, type SourceFile } from './import-run';
import { LINE_NUMBER, STAGE, dropStage, stageCsv } from './stage';
import { ImportError } from './errors';

export const AREA_LOOKUP_HEADER = ['area_code', 'area_name', 'ward_code', 'ward_name', 'la_code', 'la_name'] as const;

export async function loadAreaLookup(engine: Engine, file: SourceFile): Promise<ImportResult> {
	const meta = { kind: 'areas', agency: null, mappingName: 'Area lookup (CSE Profile template)' };
	return runImport(engine, file, meta, async (importId) => {
		const { columns } = await stageCsv(engine, file, `import-${importId}.csv`);
		const missing = AREA_LOOKUP_HEADER.filter((c) => !columns.includes(c));
		if (missing.length) {
			throw new ImportError(file.name, `is missing the column(s) ${missing.join(', ')}.`, `Use the area lookup template: ${AREA_LOOKUP_HEADER.join(',')}.`);
		}
		// A row needs all three codes; anything else is kept as rejected with its reason. Staged cells
		// are trimmed already, and blank ones are NULL.
		await engine.exec(`CREATE OR REPLACE TEMP TABLE ingest_areas AS
			SELECT ${LINE_NUMBER} AS line, area_code, area_name, ward_code, ward_name, la_code, la_name,
			       concat_ws(',', area_code, area_name, ward_code, ward_name, la_code, la_name) AS raw,
			       list_filter([CASE WHEN area_code IS NULL THEN 'REQ01:area_code' END,
			                    CASE WHEN ward_code IS NULL THEN 'REQ01:ward_code' END,
			                    CASE WHEN la_code IS NULL THEN 'REQ01:la_code' END], r -> r IS NOT NULL) AS reasons
			FROM ${STAGE}`);
		await engine.query(
			`INSERT INTO areas (area_code, area_name, level, parent_code, import_id)
			 SELECT area_code, area_name, 'small_area', ward_code, ? FROM ingest_areas WHERE len(reasons) = 0
			 UNION ALL SELECT DISTINCT ward_code, ward_name, 'ward', la_code, ? FROM ingest_areas WHERE len(reasons) = 0
			 UNION ALL SELECT DISTINCT la_code, la_name, 'la', NULL, ? FROM ingest_areas WHERE len(reasons) = 0`,
			[importId, importId, importId]
		);
		await engine.query(`INSERT INTO rejected_rows SELECT ?, line, raw, reasons FROM ingest_areas WHERE len(reasons) > 0`, [importId]);
		const [counts] = await engine.query<{ read: number; rejected: number }>(
			`SELECT count(*)::INTEGER AS read, count(*) FILTER (WHERE len(reasons) > 0)::INTEGER AS rejected FROM ingest_areas`
		);
		await engine.exec('DROP TABLE ingest_areas');
		await dropStage(engine);
		return counts;
	});
}
