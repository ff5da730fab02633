/** Redis: the server that holds the jobs, as an operator checks it on a bad day. */
import { api } from '../api';
import { h, notice, replace } from '../dom';
import { count, duration } from '../format';
import type { Page } from '../page';

/** "1.2 GiB". */
function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function redisPage(): Page {
  let body!: HTMLElement;
  return {
    title: 'Redis',
    mount(root) {
      body = h('div');
      root.append(body);
    },
    async update(signal) {
      const r = await api.redis(signal);
      const memory = r.maxmemory
        ? `${bytes(r.used_memory)} of ${bytes(r.maxmemory)} (${Math.round((100 * r.used_memory) / r.maxmemory)}%)`
        : `${bytes(r.used_memory)} (no maxmemory limit)`;
      const facts: Array<[string, string]> = [
        ['Version', r.version],
        ['Memory used', memory],
        ['Eviction policy', r.maxmemory_policy],
        ['Connected clients', count(r.connected_clients)],
        ['Uptime', duration(r.uptime_seconds)],
        [
          'Keys in this namespace',
          `${count(r.namespace_keys)}${r.namespace_keys_capped ? ' or more (counting stops there)' : ''}`,
        ],
      ];
      replace(
        body,
        r.eviction_warning
          ? notice('error', h('strong', {}, 'Jobs can be lost: '), r.eviction_warning)
          : null,
        h(
          'dl',
          { class: 'facts panel', 'data-testid': 'redis-facts' },
          ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
        ),
      );
    },
  };
}
