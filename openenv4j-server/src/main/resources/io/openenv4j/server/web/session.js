// One OpenEnv session over the WebSocket protocol (/ws), as any client has it: one JSON frame per request,
// one reply per request, in order. Each browser tab opens its own.

/** Error codes after which the server closes the session. */
const FATAL = new Set(['CAPACITY_REACHED', 'FACTORY_ERROR', 'SESSION_ERROR']);

export class SessionError extends Error {
  constructor(data) {
    super(data?.message ?? 'error');
    this.code = data?.code;
    this.data = data;
  }
}

export class Session {
  /**
   * @param {string} url the ws:// or wss:// URL of /ws
   * @param {(event: {kind: string, data?: object, code?: number, reason?: string}) => void} onEvent
   *   told about frames nobody asked for (capacity, idle close) and about the socket closing
   */
  constructor(url, onEvent) {
    this.url = url;
    this.onEvent = onEvent;
    this.pending = [];
    this.socket = null;
    this.closed = false;
    this.fatal = null;
  }

  /** Opens the socket; resolves once it is open. */
  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url);
      this.socket = socket;
      let opened = false;
      socket.addEventListener('open', () => { opened = true; resolve(this); });
      socket.addEventListener('message', (event) => this.#receive(event.data));
      socket.addEventListener('close', (event) => {
        this.closed = true;
        const error = this.fatal ?? new SessionError({ message: `connection closed (${event.code})`, code: 'CLOSED' });
        for (const waiter of this.pending.splice(0)) {
          waiter.reject(error);
        }
        if (!opened) {
          reject(error);
        }
        this.onEvent({ kind: 'closed', code: event.code, reason: event.reason });
      });
    });
  }

  #receive(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      this.onEvent({ kind: 'garbled', data: { text } });
      return;
    }
    if (frame.type === 'error' && FATAL.has(frame.data?.code)) {
      this.fatal = new SessionError(frame.data);
      this.onEvent({ kind: 'fatal', data: frame.data });
      for (const waiter of this.pending.splice(0)) {
        waiter.reject(this.fatal);
      }
      return;
    }
    const waiter = this.pending.shift();
    if (!waiter) {
      this.onEvent({ kind: 'unsolicited', data: frame });
      return;
    }
    if (frame.type === 'error') {
      waiter.reject(new SessionError(frame.data));
    } else {
      waiter.resolve(frame.data);
    }
  }

  /** Sends one request and resolves with its reply's data (rejects with a SessionError for an error frame). */
  request(type, data) {
    if (this.closed || !this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(this.fatal ?? new SessionError({ message: 'not connected', code: 'CLOSED' }));
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.socket.send(JSON.stringify(data === undefined ? { type } : { type, data }));
    });
  }

  reset(options) { return this.request('reset', options ?? {}); }
  step(action) { return this.request('step', action); }
  state() { return this.request('state'); }

  /** A JSON-RPC call tunnelled through an `mcp` frame; resolves with the result, rejects with the error. */
  async mcp(method, params, id) {
    const reply = await this.request('mcp', { jsonrpc: '2.0', id: id ?? Date.now(), method, params: params ?? {} });
    if (reply?.error) {
      throw new SessionError({ message: reply.error.message, code: `JSON-RPC ${reply.error.code}` });
    }
    return reply?.result;
  }

  /** Ends the session: the server closes the socket and frees the slot. */
  close() {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'close' }));
    }
  }
}

/** The ws(s):// URL of a path next to the page's server (the page lives at <server>/web/). */
export function socketUrl(path) {
  const url = new URL(`../${path}`, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.search = '';
  url.hash = '';
  return url.toString();
}
