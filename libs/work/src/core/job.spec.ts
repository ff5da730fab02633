import { Job, MalformedJobError, parseJob, serializeJob } from './job';

const jobWith = (args: Record<string, unknown> | null) =>
  new Job({ name: 'j', id: 'i', enqueuedAt: 1, args });
const wrongType = (kind: string, key: string, go: string) =>
  `looking for a ${kind} in job.Arg[${key}] but value wasn't right type: ${go}`;
const missing = (kind: string, key: string) =>
  `looking for a ${kind} in job.Arg[${key}] but key wasn't found`;

describe('argument accessors (job_test TestJobArgumentExtraction*, spec §11)', () => {
  it('reads every supported type without an error', () => {
    // int64 and uint64 are what a caller passes as BigInt; after Redis every number is a double.
    const job = jobWith({
      str1: 'bar',
      int1: 77n,
      int2: 77,
      int3: 77n,
      int4: 77.0,
      bool1: true,
      float1: 3.14,
    });
    expect(job.argString('str1')).toBe('bar');
    expect([
      job.argInt64('int1'),
      job.argInt64('int2'),
      job.argInt64('int3'),
      job.argInt64('int4'),
    ]).toEqual([77, 77, 77, 77]);
    expect(job.argBool('bool1')).toBe(true);
    expect(job.argFloat64('float1')).toBe(3.14);
    expect(job.argError()).toBeNull();
  });

  it('returns zero values for missing keys, with a sticky error naming the type and key', () => {
    const job = jobWith({ str1: 'bar' });
    expect(job.argString('str_missing')).toBe('');
    expect(job.argError()?.message).toBe(missing('string', 'str_missing'));
    expect(job.argString('str1')).toBe('bar');
    expect(job.argError()?.message).toBe(missing('string', 'str_missing'));
    expect(job.argInt64('int_missing')).toBe(0);
    expect(job.argError()?.message).toBe(missing('int64', 'int_missing'));
    expect(job.argBool('bool_missing')).toBe(false);
    expect(job.argError()?.message).toBe(missing('bool', 'bool_missing'));
    expect(job.argFloat64('float_missing')).toBe(0);
    expect(job.argError()?.message).toBe(missing('float64', 'float_missing'));
    expect(job.argString('str1')).toBe('bar');
    expect(job.argError()).not.toBeNull();
  });

  it('treats null args (Go nil map) as every key missing', () => {
    const job = jobWith(null);
    expect(job.argInt64('a')).toBe(0);
    expect(job.argError()?.message).toBe(missing('int64', 'a'));
  });

  it('string: only strings pass', () => {
    const job = jobWith({ a: 1, b: false, c: 'yay', d: null });
    expect(job.argString('a')).toBe('');
    expect(job.argError()?.message).toBe(wrongType('string', 'a', 'float64(1)'));
    expect(job.argString('b')).toBe('');
    expect(job.argError()?.message).toBe(wrongType('string', 'b', 'bool(false)'));
    expect(job.argString('d')).toBe('');
    expect(job.argError()?.message).toBe(wrongType('string', 'd', '<nil>(<nil>)'));
    const ok = jobWith({ c: 'yay' });
    expect(ok.argString('c')).toBe('yay');
    expect(ok.argError()).toBeNull();
  });

  it('bool: only booleans pass', () => {
    const job = jobWith({ a: 1, b: 'boo' });
    expect(job.argBool('a')).toBe(false);
    expect(job.argError()?.message).toBe(wrongType('bool', 'a', 'float64(1)'));
    expect(job.argBool('b')).toBe(false);
    expect(job.argError()?.message).toBe(wrongType('bool', 'b', 'string(boo)'));
    const ok = jobWith({ t: true, f: false });
    expect([ok.argBool('t'), ok.argBool('f')]).toEqual([true, false]);
    expect(ok.argError()).toBeNull();
  });

  it.each([
    ['boo', 'string(boo)'],
    [true, 'bool(true)'],
    [1.1, 'float64(1.1)'],
    // Go prints float64 with %v: exponent form from 1e+06 on.
    [19007199254740892, 'float64(1.9007199254740892e+16)'],
    [-19007199254740892, 'float64(-1.9007199254740892e+16)'],
    // Between gocraft's bound (2^53 - 100) and 2^53, and 2^53+1 as decoded (2^53).
    [9007199254740893, 'float64(9.007199254740893e+15)'],
    [9007199254740992, 'float64(9.007199254740992e+15)'],
    // MaxInt64+1 as a uint64. Go names it uint64(…); JS has one integer type, BigInt.
    [9223372036854775808n, 'int64(9223372036854775808)'],
    // Deviation: Go returns MaxInt64 passed as uint64; our int64 accessor returns a JS number,
    // which cannot hold it, so it refuses every integer beyond ±(2^53 - 100), BigInt included.
    [9223372036854775807n, 'int64(9223372036854775807)'],
  ])('int64 refuses %p', (value, go) => {
    const job = jobWith({ v: value });
    expect(job.argInt64('v')).toBe(0);
    expect(job.argError()?.message).toBe(wrongType('int64', 'v', go));
  });

  it.each([0, 9007199254740892, -9007199254740892, 573839921, -573839921, 9007199254740892n, 42.0])(
    'int64 accepts %p',
    (value) => {
      const job = jobWith({ v: value });
      expect(job.argInt64('v')).toBe(Number(value));
      expect(job.argError()).toBeNull();
    },
  );

  it('float64: numbers of any size pass, strings and bools fail', () => {
    const ok = jobWith({
      i: 1,
      big: 9223372036854775807n,
      max: Number.MAX_VALUE,
      tiny: Number.MIN_VALUE,
    });
    expect([
      ok.argFloat64('i'),
      ok.argFloat64('big'),
      ok.argFloat64('max'),
      ok.argFloat64('tiny'),
    ]).toEqual([1, 2 ** 63, 1.7976931348623157e308, 5e-324]);
    expect(ok.argError()).toBeNull();
    const bad = jobWith({ s: 'boo', b: true });
    expect(bad.argFloat64('s')).toBe(0);
    expect(bad.argError()?.message).toBe(wrongType('float64', 's', 'string(boo)'));
    expect(bad.argFloat64('b')).toBe(0);
    expect(bad.argError()?.message).toBe(wrongType('float64', 'b', 'bool(true)'));
  });
});

describe("accessor errors print arrays and maps as Go's %T(%v) does", () => {
  it.each([
    [[1, 2, 3], '[]interface {}([1 2 3])'],
    [[], '[]interface {}([])'],
    [{}, 'map[string]interface {}(map[])'],
    [{ b: 'x y', a: 1 }, 'map[string]interface {}(map[a:1 b:x y])'],
    [
      { z: [1.5, 'two', true, null, {}], a: { n: 1e6, m: [[]] } },
      'map[string]interface {}(map[a:map[m:[[]] n:1e+06] z:[1.5 two true <nil> map[]]])',
    ],
    [[12345678901234568, 1e-7, -0], '[]interface {}([1.2345678901234568e+16 1e-07 -0])'],
  ])('argString of %j', (value, go) => {
    const job = jobWith({ v: value });
    expect(job.argString('v')).toBe('');
    expect(job.argError()?.message).toBe(wrongType('string', 'v', go));
  });

  it('prints the same text for the payload a Go producer wrote, after decoding', () => {
    const job = parseJob('{"name":"a","id":"x","t":1,"args":{"list":[1,"a"],"m":{"k":[]}}}');
    expect(job.argInt64('list')).toBe(0);
    expect(job.argError()?.message).toBe(wrongType('int64', 'list', '[]interface {}([1 a])'));
    expect(job.argBool('m')).toBe(false);
    expect(job.argError()?.message).toBe(
      wrongType('bool', 'm', 'map[string]interface {}(map[k:[]])'),
    );
  });
});

describe('serializeJob (spec §3.1 field order and omit rules)', () => {
  it('writes the plain example: name, id, t, args', () => {
    const json = serializeJob({
      name: 'plain',
      id: 'ad8b186a2ac3958b58b1b973',
      enqueuedAt: 1795824745,
      args: null,
    });
    expect(json).toBe(
      '{"name":"plain","id":"ad8b186a2ac3958b58b1b973","t":1795824745,"args":null}',
    );
  });

  it('adds unique after args, only when true', () => {
    const base = { name: 'uniq', id: 'c326', enqueuedAt: 1795824745, args: { b: 1, a: 'q' } };
    expect(serializeJob({ ...base, unique: true })).toBe(
      '{"name":"uniq","id":"c326","t":1795824745,"args":{"a":"q","b":1},"unique":true}',
    );
    expect(serializeJob({ ...base, unique: false })).toBe(
      '{"name":"uniq","id":"c326","t":1795824745,"args":{"a":"q","b":1}}',
    );
  });

  it('writes a retry member: fails, err, failed_at last, each omitted when zero or empty', () => {
    const base = { name: 'fail', id: '3f52', enqueuedAt: 1795824774, args: { a: 1 } };
    expect(serializeJob({ ...base, fails: 1, lastErr: 'ohno', failedAt: 1795824774 })).toBe(
      '{"name":"fail","id":"3f52","t":1795824774,"args":{"a":1},"fails":1,"err":"ohno","failed_at":1795824774}',
    );
    expect(serializeJob({ ...base, fails: 0, lastErr: '', failedAt: 0 })).toBe(
      '{"name":"fail","id":"3f52","t":1795824774,"args":{"a":1}}',
    );
  });

  it("places HEAD's unique_key after unique and our err_stack after everything", () => {
    const json = serializeJob({
      name: 'bk',
      id: 'e80a',
      enqueuedAt: 1795824861,
      args: { a: 1 },
      unique: true,
      uniqueKey: 'ph:unique:bk:{"key":"k1"}\n',
      fails: 2,
      lastErr: 'x',
      failedAt: 5,
      errStack: 'Error: x\n    at <anonymous>',
    });
    expect(json).toBe(
      '{"name":"bk","id":"e80a","t":1795824861,"args":{"a":1},"unique":true,' +
        '"unique_key":"ph:unique:bk:{\\"key\\":\\"k1\\"}\\n","fails":2,"err":"x","failed_at":5,' +
        '"err_stack":"Error: x\\n    at \\u003canonymous\\u003e"}',
    );
  });

  it('omits an empty name but always writes id and t', () => {
    expect(serializeJob({ name: '', id: '', enqueuedAt: 0, args: {} })).toBe(
      '{"id":"","t":0,"args":{}}',
    );
  });
});

describe('parseJob (what a Go worker accepts, spec §1.5)', () => {
  const ok =
    '{"name":"a","id":"x","t":1500000000,"args":{"n":1.5},"unique":true,"fails":2,"err":"e","failed_at":3}';

  it('decodes every field and keeps the exact fetched bytes', () => {
    const raw = Buffer.from(ok);
    const job = parseJob(raw);
    expect(job).toMatchObject({
      name: 'a',
      id: 'x',
      enqueuedAt: 1500000000,
      args: { n: 1.5 },
      unique: true,
    });
    expect([job.fails, job.lastErr, job.failedAt]).toEqual([2, 'e', 3]);
    expect(job.raw).toBe(raw);
  });

  it('accepts what Go accepts: missing fields, nulls, unknown fields, -0, escaped keys, spaces', () => {
    const job = parseJob(
      '{ "name" : "a" , "\\u0074" : 7 , "args" : null , "x" : [1.5] , "fails" : -0 }',
    );
    expect([job.name, job.id, job.enqueuedAt, job.args, job.fails]).toEqual(['a', '', 7, null, 0]);
    expect(parseJob('{"name":"a","t":null,"args":{"t":1.5e9}}').enqueuedAt).toBe(0);
  });

  it.each([
    ['a float t', '{"name":"a","t":1.5,"args":null}'],
    ['t in exponent form', '{"name":"a","t":1.5e9,"args":null}'],
    ['t written as 3.0', '{"name":"a","t":3.0,"args":null}'],
    [
      'a float t shadowed by an integer t inside args',
      '{"name":"a","t":1.5e9,"args":{"t":1500000000}}',
    ],
    ['a float t after an integer one', '{"name":"a","t":1,"t":1e3,"args":null}'],
    ['failed_at in exponent form', '{"name":"a","t":1,"args":null,"failed_at":1E3}'],
    ['a string fails', '{"name":"a","t":1,"args":null,"fails":"1"}'],
    ['array args', '{"name":"a","t":1,"args":[1]}'],
    ['string args', '{"name":"a","t":1,"args":"x"}'],
    ['a numeric name', '{"name":5,"t":1,"args":null}'],
    ['a string unique', '{"name":"a","t":1,"args":null,"unique":"true"}'],
    ['an array payload', '[]'],
    ['a string payload', '"x"'],
    ['a null payload', 'null'],
    ['invalid JSON', '{"name":'],
  ])('refuses %s', (_what, payload) => {
    expect(() => parseJob(payload)).toThrow(MalformedJobError);
  });
});
