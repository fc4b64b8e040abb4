import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';

/**
 * The writers' own checkpoint threshold, in pages, while a {@link SqliteCheckpointer} runs: far
 * above SQLite's default of 1,000, so the checkpoints happen on the checkpointer's thread, yet
 * bounded, so the log stays under about 40 MB (at 4 KB pages) if that thread ever stops.
 */
export const WRITER_AUTOCHECKPOINT_PAGES = 10_000;

/** How often the checkpointer copies the write-ahead log back into the database file, by default. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 500;

/**
 * How long after opening the thread starts, by default. A thread costs about 45 ms of CPU to
 * start and stop; a database open for less (a CLI command, most tests) never needs one, and the
 * writers' threshold bounds the log meanwhile.
 */
export const DEFAULT_CHECKPOINTER_START_MS = 1_000;

/** What the worker reports: a checkpoint's counts, or why it could not run. */
type CheckpointReport = { checkpointed: number; log: number; busy: number } | { error: string; fatal: boolean };

/**
 * The worker's code, plain CommonJS run with `eval` and no loader hooks: it needs nothing of the
 * project but the driver, whose resolved path it is given.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('busy_timeout = 0');
} catch (error) {
  parentPort.postMessage({ error: String(error && error.message || error), fatal: true });
  process.exit(0);
}
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
let last = -1;
const tick = () => {
  try {
    const row = checkpoint.get();
    if (row.log !== last) parentPort.postMessage({ checkpointed: row.checkpointed, log: row.log, busy: row.busy });
    last = row.log;
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error), fatal: false });
  }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** What a {@link SqliteCheckpointer} has done, for tests and diagnostics. */
export interface CheckpointStats {
  /** Reports of checkpoints that found new frames in the log. */
  checkpoints: number;
  /** Frames copied into the database file by the last of them. */
  lastCheckpointedFrames: number;
  /** Checkpoints that failed (the writers' own threshold still bounds the log). */
  failures: number;
}

/**
 * Checkpoints a SQLite file's write-ahead log on a thread of its own.
 *
 * In WAL mode with `synchronous = NORMAL`, a commit only appends to the log; the fsync comes at
 * the checkpoint, which SQLite runs by default in the connection whose commit pushed the log past
 * 1,000 pages. On the writers' connection that is the event loop's thread: the request whose
 * commit crossed the line waited for the copy and the fsync (a defined segment's refresh spent
 * about 22 ms per commit on it at 100,000 customers, docs/benchmarks.md). Here a worker thread
 * with its own connection runs a PASSIVE checkpoint every interval, which never blocks the
 * writers or the readers, and the writers' threshold rises to {@link WRITER_AUTOCHECKPOINT_PAGES}
 * as a bound should the worker stop. Durability is unchanged: the checkpoint syncs the log before
 * it copies, wherever it runs. The thread starts a second after opening
 * ({@link DEFAULT_CHECKPOINTER_START_MS}), so a short-lived connection never pays for one.
 */
export class SqliteCheckpointer {
  private worker: Worker | undefined;
  private stopped: Promise<void> = Promise.resolve();
  private readonly starting: NodeJS.Timeout;
  private readonly counts: CheckpointStats = { checkpoints: 0, lastCheckpointedFrames: 0, failures: 0 };

  constructor(
    private readonly file: string,
    private readonly options: { intervalMs?: number; startAfterMs?: number; logger?: Logger } = {},
  ) {
    this.starting = setTimeout(() => this.start(), options.startAfterMs ?? DEFAULT_CHECKPOINTER_START_MS);
    // A database left open must not keep the process alive, before the thread starts or after.
    this.starting.unref();
  }

  /** What it has done so far. */
  get stats(): CheckpointStats {
    return { ...this.counts };
  }

  /** Whether its thread has started (it starts {@link DEFAULT_CHECKPOINTER_START_MS} after opening). */
  get started(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the thread, or keeps it from starting, and closes its connection; resolves once the thread has exited. */
  async close(): Promise<void> {
    clearTimeout(this.starting);
    const worker = this.worker;
    if (!worker) return;
    worker.postMessage('stop');
    const timeout = setTimeout(() => void worker.terminate(), 2_000);
    await this.stopped;
    clearTimeout(timeout);
  }

  private start(): void {
    const { logger, intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS } = this.options;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      // Not the parent's `--import` hooks: the worker runs plain JavaScript.
      execArgv: [],
      workerData: { file: this.file, driver, intervalMs },
    });
    worker.unref();
    worker.on('message', (report: CheckpointReport) => {
      if ('error' in report) {
        this.counts.failures++;
        // Once is enough: the writers' threshold keeps the log bounded meanwhile.
        if (report.fatal || this.counts.failures === 1) {
          logger?.warn({ component: 'sqlite-checkpointer', err: { message: report.error } }, 'background WAL checkpoint failed; the writers checkpoint themselves');
        }
        return;
      }
      this.counts.checkpoints++;
      this.counts.lastCheckpointedFrames = report.checkpointed;
    });
    worker.on('error', (error) => logger?.warn({ component: 'sqlite-checkpointer', err: { message: error.message } }, 'background WAL checkpointer stopped'));
    this.stopped = new Promise((resolve) => worker.once('exit', () => resolve()));
    this.worker = worker;
  }
}
