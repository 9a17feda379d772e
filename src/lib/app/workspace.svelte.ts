/**
 * The workspace: one DuckDB engine for the tab, started once. At start it restores what this
 * browser saved (persistence.ts); the first time, it loads the sample partnership instead. Every
 * change to the data goes through `changed()`, which re-runs the pages' measures (`revision`)
 * and saves the workspace shortly after.
 */
import type { Engine } from '$lib/db/engine';
import { loadSamples } from '$lib/ingest/load-samples';
import { fetchSampleFile, fetchSampleWorkspace } from './sample-files';
import { openSamples } from './open-samples';
import { exclusive } from '$lib/db/exclusive';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './saved-settings';
import { settings } from './settings.svelte';
import { deleteSavedWorkspace, loadWorkspace, persistenceAvailable, saveWorkspace } from './persistence';
import { dataChanged, prepareCohortTables } from '$lib/measures/cohort-tables';

export type WorkspaceState = 'starting' | 'loading' | 'ready' | 'error';

/** Saving waits this long after a change, so a batch of imports is saved once. */
const SAVE_DELAY_MS = 800;
/**
 * The measures' derived cohort tables are rebuilt this long after a change (in the background,
 * so the pages find them ready), for the same reason: changes in quick succession build once.
 */
const PREPARE_DELAY_MS = 300;

class Workspace {
	state = $state<WorkspaceState>('starting');
	/** What is happening, for the status line. */
	message = $state('Starting the in-browser database…');
	error = $state<string | null>(null);
	/** A problem with keeping data in this browser, shown on every page until dealt with. */
	storageProblem = $state<string | null>(null);
	/** Bumped after every change to the data, so pages re-run their measures. */
	revision = $state(0);
	engine = $state.raw<Engine | null>(null);
	/** True while the loaded data is the fictional sample partnership. */
	usingSamples = $state(false);
	/** When data was first and last saved in this browser (ISO), if ever. */
	savedSince = $state<string | null>(null);
	savedAt = $state<string | null>(null);
	saving = $state(false);
	/** False after a saved workspace failed to open: never overwrite it without the user's say-so. */
	private canSave = true;
	private saveTimer: ReturnType<typeof setTimeout> | null = null;
	private prepareTimer: ReturnType<typeof setTimeout> | null = null;
	/** Batches of imports under way (holdBackgroundWork), and whether a rebuild waits for them. */
	private prepareHolds = 0;
	private preparePending = false;

	/** Call after any change to the data. */
	changed(options: { samples?: boolean } = {}) {
		if (options.samples !== undefined) this.usingSamples = options.samples;
		// The measures' derived cohort tables are rebuilt before they are next read (they also check
		// the data themselves; this makes sure), and figures kept per data change are forgotten.
		if (this.engine) dataChanged(this.engine);
		this.schedulePrepare();
		this.revision += 1;
		this.scheduleSave();
	}

	/**
	 * Rebuild the derived cohort tables the Summary and Trends pages read (the month table and the
	 * chosen scheme's periods) shortly after a change, without waiting for a page to ask: at a million
	 * records that is seconds the first view no longer waits. Each build takes the engine lock
	 * (cohort-tables.ts), so it runs between imports, never inside one. A page that asks first
	 * builds them itself, and this then finds them ready. A failure is left to the pages (they use
	 * the direct SQL).
	 */
	private schedulePrepare() {
		if (this.prepareTimer) clearTimeout(this.prepareTimer);
		if (this.prepareHolds > 0) {
			this.preparePending = true;
			return;
		}
		this.preparePending = false;
		this.prepareTimer = setTimeout(() => {
			this.prepareTimer = null;
			if (this.prepareHolds > 0) {
				this.preparePending = true;
				return;
			}
			const engine = this.engine;
			if (engine) void prepareCohortTables(engine, ['months', settings.periodScheme]).catch(() => undefined);
		}, PREPARE_DELAY_MS);
	}

	/**
	 * Hold the background rebuild while more work on the data is queued (a batch of imports): a
	 * rebuild takes the engine lock, so between two large files it would make the next one wait for
	 * tables the one after would make stale again (about 9 s each at a million records). Returns the
	 * release; the rebuild runs after the last hold is released, if anything changed meanwhile.
	 */
	holdBackgroundWork(): () => void {
		this.prepareHolds += 1;
		let released = false;
		return () => {
			if (released) return;
			released = true;
			this.prepareHolds -= 1;
			if (this.prepareHolds === 0 && this.preparePending) this.schedulePrepare();
		};
	}

	/** The partnership's kept settings, from the workspace now open (defaults for a new one). */
	private async loadSettings(engine: Engine) {
		const saved = await loadSettings(engine).catch(() => ({ ...DEFAULT_SETTINGS }));
		settings.apply(saved);
		this.settingsSaved = JSON.stringify(saved);
	}

	/** What the settings were when last loaded or saved, so only a real change is saved. */
	private settingsSaved = '';

	/** Keep the settings in the workspace when they change (called from the layout). */
	async keepSettings() {
		const engine = this.engine;
		const now = settings.saved;
		if (!engine || this.state !== 'ready' || JSON.stringify(now) === this.settingsSaved) return;
		this.settingsSaved = JSON.stringify(now);
		await exclusive(() => saveSettings(engine, now));
		this.scheduleSave();
	}

	/**
	 * Call after a change that alters no figure (a report's commentary, say): saved like any other
	 * change, without making every page recompute its measures.
	 */
	noteEdited() {
		this.scheduleSave();
	}

	private scheduleSave() {
		if (!persistenceAvailable() || !this.canSave) return;
		if (this.saveTimer) clearTimeout(this.saveTimer);
		this.saveTimer = setTimeout(() => void this.saveNow(), SAVE_DELAY_MS);
	}

	async saveNow() {
		if (!this.engine || !persistenceAvailable() || !this.canSave) return;
		this.saving = true;
		try {
			const engine = this.engine;
			// Never mid-import: the snapshot would hold the import's uncommitted rows (db/exclusive.ts).
			const pointer = await exclusive(() => saveWorkspace(engine, { samples: this.usingSamples }));
			this.savedAt = pointer.savedAt;
			this.savedSince = pointer.since;
			this.storageProblem = null;
		} catch (err) {
			this.storageProblem = `Your latest changes could not be saved in this browser (${(err as Error).message}). They are still here until you close the page. Free some disk space, or export the workspace from the Data page.`;
		} finally {
			this.saving = false;
		}
	}

	/** Empty the workspace: a fresh database with no data (the sample partnership is not reloaded). */
	async clear() {
		const { createBrowserEngine } = await import('$lib/db/browser');
		await this.engine?.close();
		const engine = await createBrowserEngine();
		// Emptying removes the data, not the partnership's settings: keep them in the new store.
		await saveSettings(engine, settings.saved);
		this.engine = engine;
		this.canSave = true;
		this.changed({ samples: false });
	}

	/** Delete every trace of CSE Profile's data from this browser, then start again empty. */
	async deleteEverything() {
		if (this.saveTimer) clearTimeout(this.saveTimer);
		const { createBrowserEngine } = await import('$lib/db/browser');
		await this.engine?.close();
		await deleteSavedWorkspace();
		this.engine = await createBrowserEngine();
		// Every trace: the settings go back to the defaults too (analyst mode included).
		await this.loadSettings(this.engine);
		settings.analystMode = false;
		this.usingSamples = false;
		this.savedAt = null;
		this.savedSince = null;
		this.canSave = true;
		this.revision += 1; // nothing to save: the point is that nothing is stored
	}

	/**
	 * Open a workspace file in place of the current workspace. It is restored into a fresh
	 * database first; the current one is only replaced if that worked, so a wrong passphrase or a
	 * damaged file leaves everything as it was.
	 */
	async openWorkspaceFile(bytes: Uint8Array, passphrase?: string) {
		const { createBrowserEngine } = await import('$lib/db/browser');
		const { importWorkspace } = await import('$lib/workspace-file/workspace-file');
		const fresh = await createBrowserEngine();
		try {
			await importWorkspace(fresh, bytes, passphrase);
		} catch (err) {
			await fresh.close();
			throw err;
		}
		const old = this.engine;
		this.engine = fresh;
		await old?.close();
		await this.loadSettings(fresh);
		this.canSave = true;
		this.changed({ samples: false });
	}

	/** Load the sample partnership into the current workspace. */
	async loadSamples() {
		if (!this.engine) return;
		await loadSamples(this.engine, fetchSampleFile);
		this.changed({ samples: true });
	}

	async start(): Promise<Engine> {
		try {
			const { createBrowserEngine } = await import('$lib/db/browser');
			const engine = await createBrowserEngine();
			// Marks for the start-up probes (bench, tests): where a slow start spends its time.
			performance.mark('cse:engine-started');
			this.engine = engine;
			let restored = false;
			if (persistenceAvailable()) {
				try {
					this.message = 'Opening your saved workspace…';
					const pointer = await loadWorkspace(engine);
					if (pointer) {
						restored = true;
						this.usingSamples = pointer.samples;
						this.savedAt = pointer.savedAt;
						this.savedSince = pointer.since;
					}
				} catch (err) {
					restored = true;
					this.canSave = false;
					this.storageProblem = `The workspace saved in this browser could not be opened (${(err as Error).message}). Nothing has been changed or overwritten. On the Data page you can delete it and start again.`;
				}
			} else {
				this.storageProblem =
					'This browser cannot keep data between visits (no origin-private file system), so imported files are lost when the page is closed. Use an up-to-date Chrome, Edge or Firefox, or export the workspace from the Data page before closing.';
			}
			if (!restored) {
				this.state = 'loading';
				this.message = 'Loading the sample partnership…';
				await openSamples(engine, fetchSampleWorkspace, fetchSampleFile);
				this.usingSamples = true;
			}
			performance.mark(restored ? 'cse:workspace-restored' : 'cse:samples-loaded');
			await this.loadSettings(engine);
			this.state = 'ready';
			this.message = 'Ready';
			this.schedulePrepare();
			this.revision += 1;
			return engine;
		} catch (err) {
			this.state = 'error';
			this.error = (err as Error).message;
			throw err;
		}
	}
}

export const workspace = new Workspace();

let starting: Promise<Engine> | null = null;

/** Start the engine (once per tab) and resolve with it. */
export function startWorkspace(): Promise<Engine> {
	starting ??= workspace.start();
	return starting;
}
