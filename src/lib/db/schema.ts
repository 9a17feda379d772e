/**
 * The canonical store (DESIGN.md "Canonical data"), created by the engine at start and versioned.
 *
 * `meta.schema_version` records which migrations a database has had. A newer app applies the
 * missing ones in order, so a workspace saved by an older version still opens. Never edit a
 * migration that has shipped: add a new one.
 */
import type { Engine } from './engine';

export const RISK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export const EXPLOITATION_TYPES = ['cse', 'cce', 'both', 'other'] as const;
export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
/** Major ethnic groups as DfE publishes them. */
export const ETHNIC_GROUPS = ['white', 'mixed', 'asian', 'black', 'other', 'unknown'] as const;

/** The core-risk flags on a concern record, in the order the product lists them. */
export const CORE_RISK_FLAGS = [
	'missing',
	'school',
	'substance',
	'gangs',
	'cce',
	'trafficking',
	'older_partner',
	'gifts',
	'online',
	'sexual_health',
	'self_harm',
	'mental_health'
] as const;
export type CoreRiskFlag = (typeof CORE_RISK_FLAGS)[number];

/**
 * The values each coded column of an imported table may hold (besides NULL). They are kept by
 * construction where rows come in, not by CHECK constraints: the mapped loader can only write a
 * mapping's values and refuses a mapping with any other (load-mapped.ts), and a restored workspace
 * is refused if a column holds another (snapshot.ts). Checking them on every insert cost 7% of an
 * import (25 ms per 100,000 concern records in DuckDB-wasm) to re-check what could not be wrong.
 */
export const CODED_COLUMNS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
	concerns: {
		exploitation_type: EXPLOITATION_TYPES,
		risk_level: RISK_LEVELS,
		sex: SEXES,
		ethnic_group: ETHNIC_GROUPS,
		status: ['open', 'closed']
	},
	missing_episodes: {
		setting: ['home', 'care'],
		missing_or_away: ['missing', 'away']
	}
};

/** Migration n (1-based) takes a database from version n-1 to version n. */
export const MIGRATIONS: readonly string[] = [
	/* 1: the first canonical schema */ `
	CREATE TABLE imports (
		import_id     INTEGER PRIMARY KEY,
		file_name     VARCHAR NOT NULL,
		agency        VARCHAR,
		kind          VARCHAR NOT NULL,
		fingerprint   VARCHAR NOT NULL,
		mapping_name  VARCHAR,
		mapping       VARCHAR, -- the mapping used, as JSON, so reasons can name the source column
		source_header VARCHAR, -- the file's header cells, as JSON, to read values out of rejected rows
		rows_read     INTEGER NOT NULL,
		rows_loaded   INTEGER NOT NULL,
		rows_rejected INTEGER NOT NULL,
		period_start  DATE,
		period_end    DATE,
		imported_at   TIMESTAMP NOT NULL,
		CHECK (rows_read = rows_loaded + rows_rejected)
	);
	CREATE TABLE mappings (
		name        VARCHAR PRIMARY KEY,
		agency      VARCHAR NOT NULL,
		target      VARCHAR NOT NULL,
		header_key  VARCHAR NOT NULL, -- the normalised header it was made for, to match new files
		definition  VARCHAR NOT NULL, -- the Mapping as JSON
		saved_at    TIMESTAMP NOT NULL
	);
	CREATE TABLE rejected_rows (
		import_id INTEGER NOT NULL,
		line      INTEGER NOT NULL,
		raw       VARCHAR NOT NULL,
		reasons   VARCHAR[] NOT NULL
	);
	CREATE TABLE concerns (
		import_id         INTEGER NOT NULL,
		line              INTEGER NOT NULL,
		child_id          VARCHAR NOT NULL,
		agency            VARCHAR NOT NULL,
		record_id         VARCHAR,
		identified_on     DATE NOT NULL,
		exploitation_type VARCHAR, -- CODED_COLUMNS
		risk_level        VARCHAR, -- CODED_COLUMNS
		risk_tool         VARCHAR,
		risk_label        VARCHAR,
		risk_score        DOUBLE,
		sex               VARCHAR, -- CODED_COLUMNS
		birth_month       DATE,
		age_years         INTEGER,
		ethnic_group      VARCHAR, -- CODED_COLUMNS
		ethnicity_code    VARCHAR,
		disability_sen    BOOLEAN,
		home_area         VARCHAR,
		looked_after      BOOLEAN,
		care_leaver       BOOLEAN,
		${CORE_RISK_FLAGS.map((f) => `flag_${f} BOOLEAN`).join(',\n\t\t')},
		status            VARCHAR, -- CODED_COLUMNS
		closed_on         DATE
	);
	CREATE TABLE missing_episodes (
		import_id       INTEGER NOT NULL,
		line            INTEGER NOT NULL,
		child_id        VARCHAR NOT NULL,
		agency          VARCHAR NOT NULL,
		started_at      TIMESTAMP NOT NULL,
		ended_at        TIMESTAMP,
		setting         VARCHAR, -- CODED_COLUMNS
		missing_or_away VARCHAR, -- CODED_COLUMNS
		area_found      VARCHAR,
		rhi_offered     BOOLEAN,
		rhi_accepted    BOOLEAN,
		rhi_on          DATE,
		cse_concern     BOOLEAN
	);
	CREATE TABLE locations (
		import_id     INTEGER NOT NULL,
		line          INTEGER NOT NULL,
		month         DATE NOT NULL,
		area_code     VARCHAR NOT NULL,
		location_type VARCHAR NOT NULL,
		count         INTEGER NOT NULL CHECK (count >= 0),
		agency        VARCHAR NOT NULL
	);
	CREATE TABLE police_crimes (
		import_id      INTEGER NOT NULL,
		line           INTEGER NOT NULL,
		crime_id       VARCHAR,
		month          DATE NOT NULL,
		reported_by    VARCHAR,
		falls_within   VARCHAR,
		longitude      DOUBLE,
		latitude       DOUBLE,
		location       VARCHAR,
		lsoa_code      VARCHAR,
		lsoa_name      VARCHAR,
		crime_type     VARCHAR NOT NULL,
		last_outcome   VARCHAR,
		context        VARCHAR
	);
	CREATE TABLE areas (
		area_code   VARCHAR NOT NULL,
		area_name   VARCHAR,
		level       VARCHAR NOT NULL CHECK (level IN ('small_area', 'ward', 'la')),
		parent_code VARCHAR,
		vintage     VARCHAR,
		import_id   INTEGER
	);
	CREATE TABLE area_geometry (
		area_code VARCHAR NOT NULL,
		level     VARCHAR NOT NULL,
		geojson   VARCHAR NOT NULL,
		import_id INTEGER
	);
	CREATE TABLE population (
		import_id INTEGER,
		line      INTEGER,
		area_code VARCHAR NOT NULL,
		year      INTEGER NOT NULL,
		age_from  INTEGER NOT NULL,
		age_to    INTEGER NOT NULL,
		count     INTEGER NOT NULL CHECK (count >= 0)
	);
	CREATE TABLE published_stats (
		import_id        INTEGER NOT NULL,
		line             INTEGER NOT NULL,
		time_period      VARCHAR NOT NULL,
		time_identifier  VARCHAR,
		geographic_level VARCHAR NOT NULL,
		area_code        VARCHAR,
		area_name        VARCHAR,
		-- Other dimension columns of the row (e.g. "category=Number"), so rows stay distinct.
		breakdown        VARCHAR,
		measure          VARCHAR NOT NULL,
		value            DOUBLE,
		raw_value        VARCHAR
	);
	`,
	// 2: the six-monthly report. What the coordinator writes is kept per period (a draft), and a
	// finalised report is frozen whole as JSON (figures, narrative, checklist, sources), so later
	// imports can never change a report already sent to the board.
	`
	CREATE TABLE report_drafts (
		period_key VARCHAR PRIMARY KEY,
		draft      VARCHAR NOT NULL,
		updated_at TIMESTAMP NOT NULL
	);
	CREATE TABLE reports (
		report_id    INTEGER PRIMARY KEY,
		period_key   VARCHAR NOT NULL,
		period_label VARCHAR NOT NULL,
		finalised_at TIMESTAMP NOT NULL,
		report       VARCHAR NOT NULL
	);
	`,
	// 3: comparison with the region and chosen neighbours. A DfE row's region (published beside
	// each local authority) is kept, and the partnership's choices live in the workspace, so they
	// travel with an exported workspace.
	`
	ALTER TABLE published_stats ADD COLUMN region_code VARCHAR;
	CREATE TABLE preferences (
		key   VARCHAR PRIMARY KEY,
		value VARCHAR NOT NULL
	);
	`
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export async function tableExists(engine: Engine, table: string): Promise<boolean> {
	const rows = await engine.query<{ n: number }>(
		`SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = ?`,
		[table]
	);
	return rows[0].n > 0;
}

export async function schemaVersion(engine: Engine): Promise<number> {
	if (!(await tableExists(engine, 'meta'))) return 0;
	const rows = await engine.query<{ value: string }>(`SELECT value FROM meta WHERE key = 'schema_version'`);
	return rows.length ? Number(rows[0].value) : 0;
}

/** Bring the database up to SCHEMA_VERSION. Safe to call on an up-to-date database. */
export async function createSchema(engine: Engine): Promise<number> {
	let version = await schemaVersion(engine);
	if (version > SCHEMA_VERSION) {
		throw new Error(
			`This workspace was saved by a newer version of CSE Profile (schema ${version}; this app knows up to ${SCHEMA_VERSION}). Update the app to open it.`
		);
	}
	if (version === 0) {
		await engine.exec(`CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`);
	}
	while (version < SCHEMA_VERSION) {
		await engine.exec(`BEGIN TRANSACTION; ${MIGRATIONS[version]}; COMMIT;`);
		version += 1;
		await engine.query(`INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)`, [String(version)]);
	}
	return version;
}
