/**
 * Request batches sized by the bytes actually built. Excel on the web refuses a request (or response)
 * above 5 MB; every write is queued as an Op whose size is estimated from its real arguments (UTF-8)
 * plus a generous per-command overhead, and ops are packed into syncs of at most `limit` bytes.
 */

/** Office.js request bytes of one command besides its arguments (action + object path JSON), rounded up. */
export const COMMAND_BYTES = 400;
/** Bytes per sync we allow ourselves: under Excel on the web's 5 MB limit, with margin. */
export const REQUEST_LIMIT = 4 * 1024 * 1024;

export interface Op {
  bytes: number;
  run: (context: Excel.RequestContext) => void;
}

export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** An op of `commands` Office.js commands whose arguments are `args`. */
export function op(commands: number, args: unknown[], run: Op['run']): Op {
  return { bytes: commands * COMMAND_BYTES + utf8Bytes(JSON.stringify(args)), run };
}

/** Queue the ops, syncing whenever the next one would take the batch over `limit`. Returns the syncs made. */
export async function runOps(
  context: Excel.RequestContext,
  ops: Op[],
  sync: () => Promise<void>,
  limit = REQUEST_LIMIT,
): Promise<number> {
  let size = 0;
  let pending = 0;
  let syncs = 0;
  for (const o of ops) {
    if (pending > 0 && size + o.bytes > limit) {
      await sync();
      syncs++;
      size = 0;
      pending = 0;
    }
    o.run(context);
    size += o.bytes;
    pending++;
  }
  if (pending > 0) {
    await sync();
    syncs++;
  }
  return syncs;
}
