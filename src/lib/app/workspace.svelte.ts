/**
 * The workspace: one DuckDB engine for the tab, started once, with the sample partnership loaded
 * when nothing else is. Pages read `workspace.state` and `workspace.revision` (bumped whenever
 * data changes) and run measures on `workspace.engine`.
 */
import type { Engine } from '$lib/db/engine';
import { loadSamples } from '$lib/ingest/load-samples';
import { fetchSampleFile } from './sample-files';

export type WorkspaceState = 'starting' | 'loading' | 'ready' | 'error';

class Workspace {
	state = $state<WorkspaceState>('starting');
	/** What is happening, for the status line. */
	message = $state('Starting the in-browser database…');
	error = $state<string | null>(null);
	/** Bumped after every change to the data, so pages re-run their measures. */
	revision = $state(0);
	engine: Engine | null = null;
	/** True while the loaded data is the fictional sample partnership. */
	usingSamples = $state(false);
}

export const workspace = new Workspace();

let starting: Promise<Engine> | null = null;

async function start(): Promise<Engine> {
	try {
		const { createBrowserEngine } = await import('$lib/db/browser');
		const engine = await createBrowserEngine();
		workspace.engine = engine;
		const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM imports`);
		if (n === 0) {
			workspace.state = 'loading';
			workspace.message = 'Loading the sample partnership…';
			await loadSamples(engine, fetchSampleFile);
			workspace.usingSamples = true;
		}
		workspace.state = 'ready';
		workspace.message = 'Ready';
		workspace.revision += 1;
		return engine;
	} catch (err) {
		workspace.state = 'error';
		workspace.error = (err as Error).message;
		throw err;
	}
}

/** Start the engine (once per tab) and resolve with it. */
export function startWorkspace(): Promise<Engine> {
	starting ??= start();
	return starting;
}
