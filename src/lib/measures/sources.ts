import { defineMeasure } from './measure';

export interface SourceFile {
	importId: number;
	fileName: string;
	agency: string | null;
	kind: string;
	mappingName: string | null;
	rowsRead: number;
	rowsLoaded: number;
	rowsRejected: number;
	importedAt: string;
	fingerprint: string;
}

export const sourceFiles = defineMeasure<void, SourceFile[]>({
	id: 'source-files',
	title: 'Files behind these figures',
	definition: 'Every imported file, with its agency, the mapping used and how many rows were read, loaded and rejected.',
	async run(engine) {
		return engine.query<SourceFile>(
			`SELECT import_id AS "importId", file_name AS "fileName", agency, kind, mapping_name AS "mappingName", rows_read AS "rowsRead",
			        rows_loaded AS "rowsLoaded", rows_rejected AS "rowsRejected", imported_at AS "importedAt", fingerprint
			 FROM imports ORDER BY import_id`
		);
	}
});
