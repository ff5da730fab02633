import { Keys, namespacePrefix } from './keys';

describe('namespace prefix rule (spec §1.1)', () => {
  it.each([
    ['work', 'work:'],
    ['work:', 'work:'],
    ['', ''],
    ['my:app', 'my:app:'],
    ['{app}', '{app}:'],
    ['a::', 'a::'],
    [':', ':'],
  ])('%p gives the prefix %p', (namespace, prefix) => {
    expect(namespacePrefix(namespace)).toBe(prefix);
    expect(new Keys(namespace).prefix).toBe(prefix);
  });
});

describe('Keys (spec §2)', () => {
  const k = new Keys('work');

  it('names every key of the table', () => {
    expect([
      k.knownJobs,
      k.jobsPrefix,
      k.queue('foo'),
      k.inProgress('foo', '55e4'),
      k.paused('foo'),
    ]).toEqual([
      'work:known_jobs',
      'work:jobs:',
      'work:jobs:foo',
      'work:jobs:foo:55e4:inprogress',
      'work:jobs:foo:paused',
    ]);
    expect([k.lock('foo'), k.lockInfo('foo'), k.maxConcurrency('foo')]).toEqual([
      'work:jobs:foo:lock',
      'work:jobs:foo:lock_info',
      'work:jobs:foo:max_concurrency',
    ]);
    expect([
      k.retry,
      k.scheduled,
      k.dead,
      k.workerPools,
      k.heartbeat('55e4'),
      k.worker('cd11'),
    ]).toEqual([
      'work:retry',
      'work:scheduled',
      'work:dead',
      'work:worker_pools',
      'work:worker_pools:55e4',
      'work:worker:cd11',
    ]);
    expect(k.lastPeriodicEnqueue).toBe('work:last_periodic_enqueue');
  });

  it('ends a unique key with a newline after the args JSON, and has none for null args', () => {
    expect(k.unique('wat', '{"a":1,"b":"cool"}')).toBe('work:unique:wat:{"a":1,"b":"cool"}\n');
    expect(k.unique('wat', '{}')).toBe('work:unique:wat:{}\n');
    expect(k.unique('wat', null)).toBe('work:unique:wat:');
  });

  it('puts no leading colon on keys of the empty namespace', () => {
    const empty = new Keys('');
    expect([empty.knownJobs, empty.queue('foo'), empty.retry, empty.unique('foo', null)]).toEqual([
      'known_jobs',
      'jobs:foo',
      'retry',
      'unique:foo:',
    ]);
  });

  it('adds no second colon to a namespace that ends in one', () => {
    const colon = new Keys('work:');
    expect([colon.queue('foo'), colon.dead]).toEqual(['work:jobs:foo', 'work:dead']);
  });

  it('uses job names verbatim, colons included', () => {
    expect([k.queue('a:b'), k.lock('a:b'), k.unique('a:b', '{"a":1}')]).toEqual([
      'work:jobs:a:b',
      'work:jobs:a:b:lock',
      'work:unique:a:b:{"a":1}\n',
    ]);
  });
});
