/** Run prepareCsv in a Web Worker (served from the app's own origin) and wait for the result. */
import PrepareWorker from './prepare.worker.ts?worker';
import { ImportError } from '$lib/ingest/errors';
import { copyInSlices } from '$lib/db/copy-in-slices';
import type { PreparedCsv } from '$lib/ingest/stage';

type Reply =
	| { ok: true; prepared: PreparedCsv }
	| { ok: false; error: { fileName: string; detail: string; advice: string } | { message: string } };

/**
 * One worker kept between files, started before the first (warmPrepareWorker). Starting a worker
 * loads and compiles its module, and a new worker runs the staging walk in V8's slower tiers at
 * first: a fresh worker per file spent tens of milliseconds of every import on that. Files
 * prepared at the same time each get their own worker; one is kept afterwards.
 */
let idle: Worker | null = null;

/** Start the worker before a file arrives (the Import page calls this when it opens). */
export function warmPrepareWorker(): void {
	idle ??= new PrepareWorker();
}

function takeWorker(): Worker {
	const worker = idle ?? new PrepareWorker();
	idle = null;
	return worker;
}

function giveBack(worker: Worker): void {
	if (idle) worker.terminate();
	else idle = worker;
}

export async function prepareInWorker(name: string, bytes: Uint8Array, signal?: AbortSignal): Promise<PreparedCsv> {
	// A copy goes to the worker (and is handed over, not cloned again); the page keeps its own.
	// Made in slices: one copy of a 100 MB file would block the page for a noticeable moment.
	const copy = await copyInSlices(bytes);
	if (signal?.aborted) throw new DOMException('Cancelled', 'AbortError');
	return new Promise((resolve, reject) => {
		const worker = takeWorker();
		const stop = () => {
			// Cancelled mid-file: this worker is busy with it, so it is stopped, not kept.
			worker.terminate();
			reject(new DOMException('Cancelled', 'AbortError'));
		};
		signal?.addEventListener('abort', stop, { once: true });
		worker.onmessage = (event: MessageEvent<Reply>) => {
			signal?.removeEventListener('abort', stop);
			worker.onmessage = worker.onerror = null;
			giveBack(worker);
			const reply = event.data;
			if (reply.ok) resolve(reply.prepared);
			else if ('detail' in reply.error) reject(new ImportError(reply.error.fileName, reply.error.detail, reply.error.advice));
			else reject(new Error(reply.error.message));
		};
		worker.onerror = (event) => {
			signal?.removeEventListener('abort', stop);
			// A worker that failed this way may be broken: never kept.
			worker.terminate();
			reject(new Error(`The file could not be read: ${event.message}`));
		};
		worker.postMessage({ name, bytes: copy }, [copy.buffer]);
	});
}
