/**
 * Stand-ins for the application code the docs' examples call (a mailer, an auth check, ...), so
 * every example type-checks on its own. Only names no example defines belong here.
 */
declare const mailer: {
  send(address: string, options: { customer?: number; signal?: AbortSignal }): Promise<void>;
};

/** An app's provider of job handlers (docs/nest.md's module example lists it). */
declare class EmailJobs {}
