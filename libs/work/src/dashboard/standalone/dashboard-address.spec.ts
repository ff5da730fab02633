import { WorkConfigError } from '../../core/errors';
import { basePathFrom, listenFrom, redisUrlFrom } from './dashboard-address';

describe('standalone dashboard addresses', () => {
  it('read a Redis as a URL or host:port, and a listen address and base path, naming the option on error', () => {
    expect(redisUrlFrom('rediss://u:p@h:6380/2')).toBe('rediss://u:p@h:6380/2');
    expect(redisUrlFrom('10.0.0.5:6400')).toBe('redis://10.0.0.5:6400');
    expect(redisUrlFrom(':6400')).toBe('redis://127.0.0.1:6400');
    expect(listenFrom('[::1]:5040')).toEqual({ host: '::1', port: 5040 });
    expect(basePathFrom('/ops/work/')).toBe('ops/work');
    expect(() => redisUrlFrom('http://h')).toThrow(WorkConfigError);
    expect(() => listenFrom('h:99999')).toThrow('listen must be host:port');
    expect(() => basePathFrom('/a//b')).toThrow('basePath must be a URL path');
  });
});
