/**
 * Hand-written conversion between plain values and DynamoDB AttributeValues. @aws-sdk/lib-dynamodb does
 * the same, but it is one more package (and version) to keep in step with the runtime's SDK, and our
 * items only use strings, numbers, booleans, null, lists and maps: a few lines do it.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Plain = string | number | boolean | null | readonly Plain[] | { readonly [key: string]: Plain | undefined };
export type PlainItem = { readonly [key: string]: Plain | undefined };

export function toAttribute(value: Plain): AttributeValue {
  if (value === null) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot store ${value} in DynamoDB`);
    return { N: String(value) };
  }
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(toAttribute) };
  return { M: toItem(value as PlainItem) };
}

/** Undefined fields are left out, as DynamoDB has no "undefined". */
export function toItem(item: PlainItem): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(item)) {
    if (value !== undefined) out[key] = toAttribute(value);
  }
  return out;
}

export function fromAttribute(attribute: AttributeValue): Plain {
  if (attribute.S !== undefined) return attribute.S;
  if (attribute.N !== undefined) return Number(attribute.N);
  if (attribute.BOOL !== undefined) return attribute.BOOL;
  if (attribute.NULL !== undefined) return null;
  if (attribute.L !== undefined) return attribute.L.map(fromAttribute);
  if (attribute.M !== undefined) return fromItem(attribute.M);
  throw new TypeError(`unsupported attribute type: ${Object.keys(attribute).join(',')}`);
}

export function fromItem(item: Record<string, AttributeValue>): Record<string, Plain> {
  const out: Record<string, Plain> = {};
  for (const [key, value] of Object.entries(item)) out[key] = fromAttribute(value);
  return out;
}

/** Number attribute or a default (ADD-maintained counters are absent until first incremented). */
export function numberOf(item: Record<string, AttributeValue> | undefined, name: string, fallback = 0): number {
  const n = item?.[name]?.N;
  return n === undefined ? fallback : Number(n);
}

export function stringOf(item: Record<string, AttributeValue> | undefined, name: string): string | undefined {
  return item?.[name]?.S;
}
