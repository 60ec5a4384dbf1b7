// Cache keys for data sets crossing into the worker: FNV-1a over the bytes.
export function dataKey(...arrays) {
  let h = 2166136261;
  for (const a of arrays) {
    const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    for (let i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 16777619);
    }
    h ^= a.length;
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(16);
}
