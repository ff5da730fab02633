import { Job } from './job';
import { JobEvent, JobEventHub } from './job-events';
import { silentLogger } from './logger';

describe('JobEventHub', () => {
  const job = new Job({ name: 'a', id: '1', enqueuedAt: 1, args: null });
  const started: JobEvent = { type: 'started', job };
  const succeeded: JobEvent = { type: 'succeeded', job, durationMs: 3 };

  it("builds 'started' only while a listener wants it", () => {
    const hub = new JobEventHub(silentLogger);
    const outcomes: string[] = [];
    const all: string[] = [];
    hub.add((e) => outcomes.push(e.type), { started: false });
    expect(hub.active).toBe(true);
    expect(hub.wantsStarted).toBe(false);
    const off = hub.add((e) => all.push(e.type));
    expect(hub.wantsStarted).toBe(true);
    hub.emit(started);
    hub.emit(succeeded);
    expect(outcomes).toEqual(['succeeded']);
    expect(all).toEqual(['started', 'succeeded']);
    off();
    off();
    expect(hub.wantsStarted).toBe(false);
    expect(hub.size).toBe(1);
  });

  it('keeps two adds of one function apart', () => {
    const hub = new JobEventHub(silentLogger);
    const seen: string[] = [];
    const listener = (e: JobEvent) => void seen.push(e.type);
    const offOutcomes = hub.add(listener, { started: false });
    hub.add(listener);
    offOutcomes();
    hub.emit(started);
    expect(seen).toEqual(['started']);
    expect(hub.wantsStarted).toBe(true);
  });
});
