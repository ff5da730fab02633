import { dashboardOptionsFrom } from '../../cli/dashboard-command';
import { allowedHostsFrom } from './serve-dashboard';

describe('the standalone dashboard’s allowed hosts (DNS rebinding)', () => {
  it('are the loopback names and the listen host, plus the ones given', () => {
    expect(allowedHostsFrom('127.0.0.1')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(allowedHostsFrom('ops.internal', [' Work.Example ', ''])).toEqual([
      'localhost',
      '127.0.0.1',
      '::1',
      'ops.internal',
      'work.example',
    ]);
  });

  it('never include a wildcard listen address', () => {
    expect(allowedHostsFrom('0.0.0.0')).toEqual(['localhost', '127.0.0.1', '::1']);
    expect(allowedHostsFrom('::')).toEqual(['localhost', '127.0.0.1', '::1']);
  });

  it('come from --allowed-hosts, else DASHBOARD_ALLOWED_HOSTS', () => {
    expect(
      dashboardOptionsFrom(['--allowed-hosts', 'a.example,b.example'], {}).allowedHosts,
    ).toEqual(['a.example', 'b.example']);
    expect(dashboardOptionsFrom([], { DASHBOARD_ALLOWED_HOSTS: 'c.example' }).allowedHosts).toEqual(
      ['c.example'],
    );
    expect(dashboardOptionsFrom([], {}).allowedHosts).toBeUndefined();
  });
});
