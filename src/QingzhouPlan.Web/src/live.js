// The plan's change feed over server-sent events, read with fetch so the bearer token can travel in a
// header (EventSource cannot send one). After a drop — a server restart, a network blip — it reconnects by
// itself with the last id it saw, and the server replays what it missed or says "reset" (reload everything).
import { bearer, renew } from './oidc.js';

export function watch(plan, { onChange, onReset, onState, onExpired }) {
  let lastId = null;
  let stopped = false;
  let controller = null;
  let delay = 500;
  let renewed = false;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(`/api/plans/${encodeURIComponent(plan)}/changes`, {
          headers: { Authorization: `Bearer ${await bearer()}`, ...(lastId ? { 'Last-Event-ID': lastId } : {}) },
          signal: controller.signal,
        });
        // An expired token is renewed once; one that cannot be renewed will not come back by retrying: sign in again.
        if (response.status === 401 && !renewed && await renew()) { renewed = true; continue; }
        if (response.status === 401) { stopped = true; onExpired?.(); return; }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        onState(true);
        delay = 500;
        renewed = false;
        await read(response.body.getReader());
      } catch (error) {
        if (stopped) return;
      }
      onState(false);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 10000);
    }
  }

  async function read(reader) {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  function dispatch(block) {
    const fields = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
    }
    // Even a page that has seen no change yet remembers which feed it watched: after a server restart the
    // feed's epoch differs, the server says "reset", and the page reloads what changed meanwhile.
    if (fields.event === 'ready' && !lastId && fields.data) lastId = `${JSON.parse(fields.data).epoch}:0`;
    if (fields.event === 'reset') onReset();
    if (fields.event === 'change' && fields.data) {
      if (fields.id) lastId = fields.id;
      onChange(JSON.parse(fields.data));
    }
  }

  connect();
  return () => { stopped = true; controller?.abort(); };
}
