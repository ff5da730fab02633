/**
 * Periodic: every schedule the running pools advertise, with its job, the spec in words, the next
 * three fire times in the viewer's zone and in the pools' zone, and the pools that register it.
 */
import { api } from '../api';
import { h, notice, replace, table } from '../dom';
import { time } from '../format';
import type { Page } from '../page';

/** "2026-12-02 09:30:00" in `timeZone`. */
function inZone(epochSeconds: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).format(new Date(epochSeconds * 1000));
  } catch {
    return new Date(epochSeconds * 1000).toISOString();
  }
}

export function periodicPage(): Page {
  let body!: HTMLElement;
  return {
    title: 'Periodic',
    mount(root) {
      body = h('div');
      root.append(body);
    },
    async update(signal) {
      const schedules = await api.periodic(signal);
      if (schedules.length === 0) {
        replace(
          body,
          notice(
            'empty',
            'No running pool advertises a periodic schedule. Pools of this library list theirs in their heartbeat; Go pools do not.',
          ),
        );
        return;
      }
      const viewerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const rows = schedules.map((s) => {
        const tr = h(
          'tr',
          {},
          h('td', {}, h('strong', {}, s.job_name)),
          h('td', {}, h('code', {}, s.spec), h('div', { class: 'muted small' }, s.description)),
          h(
            'td',
            {},
            ...(s.next.length
              ? s.next.map((t) => h('div', {}, time(t)))
              : [h('span', { class: 'muted' }, 'never fires')]),
          ),
          h(
            'td',
            {},
            ...s.next.map((t) => h('div', { class: 'small' }, inZone(t, s.time_zone))),
            h('div', { class: 'muted small' }, s.time_zone),
          ),
          h(
            'td',
            {},
            ...s.pools.map((p) =>
              h(
                'div',
                { class: 'small' },
                `${p.host} pid ${p.pid}`,
                h('br'),
                h('code', {}, p.worker_pool_id),
              ),
            ),
          ),
        );
        tr.dataset.schedule = `${s.job_name} ${s.spec}`;
        return tr;
      });
      replace(
        body,
        table(
          'Periodic schedules',
          ['Job', 'Schedule', `Next (your zone, ${viewerZone})`, 'Next (pool zone)', 'Pools'],
          rows,
        ),
      );
    },
  };
}
