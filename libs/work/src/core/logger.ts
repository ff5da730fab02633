/** What the engine logs through; Nest's Logger and `console` both fit. */
export interface WorkLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
  debug?(message: string): void;
  /**
   * Whether `debug` lines are printed right now (the app's log level may drop them). When it
   * says false, per-job debug lines are not even built. Without it, they are whenever `debug`
   * exists.
   */
  debugEnabled?(): boolean;
}

/** Logs to the console with a `[work]` prefix. */
export const consoleLogger: WorkLogger = {
  log: (m) => console.log(`[work] ${m}`),
  warn: (m) => console.warn(`[work] ${m}`),
  error: (m, stack) => console.error(`[work] ${m}${stack ? `\n${stack}` : ''}`),
};

/** Logs nothing; for tests and benchmarks. */
export const silentLogger: WorkLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
