/**
 * A Web Worker kept between requests, one request at a time. Starting a worker loads and compiles
 * its module, and a new worker runs its code in V8's slower tiers at first: a fresh worker per
 * file spent tens of milliseconds of every import on that. Requests made at the same time each
 * get a worker of their own; one is kept afterwards.
 */
export class KeptWorker<Reply> {
	private idle: Worker | null = null;

	constructor(private readonly start: () => Worker) {}

	/** Start the worker before the first request (e.g. when the page that will use it opens). */
	warm(): void {
		this.idle ??= this.start();
	}

	/**
	 * Post `message` (handing over `transfer`) and wait for the worker's one reply. Aborting stops
	 * the worker (it is busy with this request, so it is not kept) and rejects with an AbortError.
	 */
	run(message: unknown, transfer: Transferable[], signal?: AbortSignal): Promise<Reply> {
		if (signal?.aborted) return Promise.reject(new DOMException('Cancelled', 'AbortError'));
		const worker = this.idle ?? this.start();
		this.idle = null;
		return new Promise((resolve, reject) => {
			const stop = () => {
				worker.terminate();
				reject(new DOMException('Cancelled', 'AbortError'));
			};
			signal?.addEventListener('abort', stop, { once: true });
			worker.onmessage = (event: MessageEvent<Reply>) => {
				signal?.removeEventListener('abort', stop);
				worker.onmessage = worker.onerror = null;
				if (this.idle) worker.terminate();
				else this.idle = worker;
				resolve(event.data);
			};
			worker.onerror = (event) => {
				signal?.removeEventListener('abort', stop);
				// A worker that failed this way may be broken: never kept.
				worker.terminate();
				reject(new Error(`The file could not be read: ${event.message}`));
			};
			worker.postMessage(message, transfer);
		});
	}
}
