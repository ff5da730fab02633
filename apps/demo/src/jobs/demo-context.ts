/** The per-job context the demo's middleware fill in for handlers. */
export interface DemoContext {
  /** Set by the Log middleware. */
  startedAt?: number;
  /** Set by the FindCustomer middleware when the job has a customer_id. */
  customer?: { id: number; name: string };
}
