import { RunningJobs } from './running-jobs';

describe('RunningJobs', () => {
  const item = (name: string) => ({ name, slotIndex: -1, listedOrder: 0 });

  it('iterates in the order items were added, whatever was removed in between', () => {
    const list = new RunningJobs<ReturnType<typeof item>>();
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(item);
    list.add(a);
    list.add(b);
    list.add(c);
    list.delete(a); // c moves into a's place
    list.add(d);
    expect([...list].map((i) => i.name)).toEqual(['b', 'c', 'd']);
    expect(list.size).toBe(3);
  });

  it('ignores a second delete and a delete of an item never added', () => {
    const list = new RunningJobs<ReturnType<typeof item>>();
    const [a, b, stranger] = ['a', 'b', 'x'].map(item);
    list.add(a);
    list.add(b);
    list.delete(b);
    list.delete(b);
    list.delete(stranger);
    expect([...list].map((i) => i.name)).toEqual(['a']);
  });

  it('lets the caller change the list while iterating its snapshot', () => {
    const list = new RunningJobs<ReturnType<typeof item>>();
    const items = ['a', 'b', 'c'].map(item);
    for (const i of items) list.add(i);
    const seen: string[] = [];
    for (const i of list) {
      seen.push(i.name);
      list.delete(i);
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(list.size).toBe(0);
  });
});
