import { fromItem, numberOf, toItem } from '../../../functions/runtime/marshal';

describe('marshal', () => {
  it('round-trips strings, numbers, booleans, null, lists and maps, dropping undefined', () => {
    const value = { s: 'x', n: 42.5, b: false, z: null, l: [1, 'a', { m: true }], m: { inner: [] }, gone: undefined };
    const item = toItem(value);
    expect(item.s).toEqual({ S: 'x' });
    expect(item.n).toEqual({ N: '42.5' });
    expect(item).not.toHaveProperty('gone');
    const { gone: _gone, ...rest } = value;
    expect(fromItem(item)).toEqual(rest);
  });

  it('refuses numbers DynamoDB cannot store', () => {
    expect(() => toItem({ n: Number.NaN })).toThrow(TypeError);
  });

  it('reads absent counters as zero', () => {
    expect(numberOf(undefined, 'entrants')).toBe(0);
    expect(numberOf({ entrants: { N: '7' } }, 'entrants')).toBe(7);
  });
});
