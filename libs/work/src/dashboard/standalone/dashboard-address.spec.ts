import { basePathFrom, listenFrom } from './dashboard-address';

describe('standalone dashboard addresses', () => {
  it('read a listen address and a base path, naming the option on error', () => {
    expect(listenFrom('[::1]:5040')).toEqual({ host: '::1', port: 5040 });
    expect(basePathFrom('/ops/work/')).toBe('ops/work');
    expect(() => listenFrom('h:99999')).toThrow('listen must be host:port');
    expect(() => basePathFrom('/a//b')).toThrow('basePath must be a URL path');
  });
});
