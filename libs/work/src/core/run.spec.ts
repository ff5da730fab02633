import { Job } from './job';
import { failureMessage, failureStack, JobHandler, JobMiddleware, runChain } from './run';

interface Ctx {
  record: string;
}

const newJob = () => new Job({ name: 'foo', id: 'i', enqueuedAt: 1, args: { a: 'foo' } });
const signal = new AbortController().signal;

describe('runChain (run_test, spec §6.2)', () => {
  it('runs middleware in order, then the handler, sharing the job and the context', async () => {
    const job = newJob();
    const ctx: Ctx = { record: '' };
    const seen: Ctx[] = [];
    const mw1: JobMiddleware<Ctx> = async (j, c, next) => {
      c.record += 'mw1';
      await next();
    };
    const mw2: JobMiddleware<Ctx> = async (j, c, next) => {
      c.record += 'mw2';
      j.args!.mw2 = 'set';
      await next();
    };
    const mw3: JobMiddleware<Ctx> = async (j, c, next) => {
      c.record += 'mw3';
      await next();
    };
    const h1: JobHandler<Ctx> = (j, c) => {
      c.record += 'h1' + j.argString('a');
      seen.push(c);
      expect(j.argString('mw2')).toBe('set');
    };
    await runChain(job, ctx, [mw1, mw2, mw3], h1, signal);
    expect(ctx.record).toBe('mw1mw2mw3h1foo');
    expect(seen).toEqual([ctx]);
    expect(job.argError()).toBeNull();
  });

  it('lets a middleware act after the rest of the chain finished', async () => {
    const ctx: Ctx = { record: '' };
    const around: JobMiddleware<Ctx> = async (_j, c, next) => {
      c.record += '[';
      await next();
      c.record += ']';
    };
    await runChain(newJob(), ctx, [around], async (_j, c) => void (c.record += 'h'), signal);
    expect(ctx.record).toBe('[h]');
  });

  it("rejects with the handler's error after running it", async () => {
    let ran = false;
    const h: JobHandler<Ctx> = () => {
      ran = true;
      throw new Error('h1_err');
    };
    await expect(runChain(newJob(), { record: '' }, [], h, signal)).rejects.toThrow('h1_err');
    expect(ran).toBe(true);
  });

  it("rejects with the handler's rejection", async () => {
    const h: JobHandler<Ctx> = () => Promise.reject(new Error('async_err'));
    await expect(runChain(newJob(), { record: '' }, [], h, signal)).rejects.toThrow('async_err');
  });

  it('stops at a middleware that fails without calling next', async () => {
    const handler = jest.fn();
    const later = jest.fn();
    const mw1: JobMiddleware<Ctx> = () => {
      throw new Error('mw1_err');
    };
    await expect(runChain(newJob(), { record: '' }, [mw1, later], handler, signal)).rejects.toThrow(
      'mw1_err',
    );
    expect(later).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it('ends with success when a middleware returns without calling next', async () => {
    const handler = jest.fn();
    await expect(
      runChain(newJob(), { record: '' }, [() => undefined], handler, signal),
    ).resolves.toBeUndefined();
    expect(handler).not.toHaveBeenCalled();
  });

  it('turns a thrown non-Error into the failure ("dayam")', async () => {
    const h: JobHandler<Ctx> = () => {
      throw 'dayam';
    };
    const mw: JobMiddleware<Ctx> = () => {
      throw 'dayam';
    };
    for (const [middleware, handler] of [
      [[], h],
      [[mw], jest.fn()],
    ] as const) {
      const err = await runChain(newJob(), { record: '' }, middleware, handler, signal).catch(
        (e: unknown) => e,
      );
      expect(failureMessage(err)).toBe('dayam');
    }
  });

  it('passes the signal to middleware and handler', async () => {
    const controller = new AbortController();
    const got: AbortSignal[] = [];
    const mw: JobMiddleware<Ctx> = async (_j, _c, next, s) => {
      got.push(s);
      await next();
    };
    await runChain(
      newJob(),
      { record: '' },
      [mw],
      (_j, _c, s) => void got.push(s),
      controller.signal,
    );
    expect(got).toEqual([controller.signal, controller.signal]);
  });
});

describe('failureMessage: the text Go would record with %v', () => {
  it.each([
    ['an Error', new Error('kaput'), 'kaput'],
    ['an empty Error', new Error(''), ''],
    ['a string', 'boom', 'boom'],
    ['an int', 42, '42'],
    ['a negative int', -7, '-7'],
    ['a float', 2.5, '2.5'],
    ['a float beyond 2^53', 1e21, '1e+21'],
    ['a tiny float', 1e-7, '1e-07'],
    ['a float from 1e6 on', 1234567.5, '1.2345675e+06'],
    ['a small float', 0.0001, '0.0001'],
    ['Infinity', Infinity, '+Inf'],
    ['-Infinity', -Infinity, '-Inf'],
    ['NaN', NaN, 'NaN'],
    ['a BigInt', 10n, '10'],
    ['true', true, 'true'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['an object with a message', { message: '{1 x}' }, '{1 x}'],
    // Go would print a struct as {1 x}; a plain object has no such form, so it is recorded as JSON.
    ['a plain object', { A: 1, B: 'x' }, '{"A":1,"B":"x"}'],
  ])('%s', (_what, thrown, text) => {
    expect(failureMessage(thrown)).toBe(text);
  });

  it('falls back to String() for objects JSON cannot encode', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(failureMessage(cyclic)).toBe('[object Object]');
  });
});

describe('failureStack', () => {
  it("keeps an Error's stack, cut to the limit, and is empty for other values", () => {
    const err = new Error('x');
    expect(failureStack(err, 10_000)).toBe(err.stack);
    expect(failureStack(err, 5)).toBe(err.stack!.slice(0, 5));
    expect(failureStack('x', 100)).toBe('');
  });
});
