/*!
 * Rapport live chat widget (@rapport/plugin-channel-chat). No framework, no build step.
 * Embed: <script src="https://<your Rapport server>/channels/chat/widget.js" async></script>
 * API: window.RapportChat.identify(token) -> Promise, .open(), .close();
 * event "rapport-chat:ready" on window once loaded.
 */
/* global window, document, location, localStorage, crypto, AbortController, Event, CustomEvent */
(function () {
  'use strict';
  if (window.RapportChat) return;

  var script = document.currentScript;
  // The server is wherever this script came from: /channels/chat/widget.js -> /channels/chat/.
  var base = new URL('.', script && script.src ? script.src : location.href).href;
  var storageKey = 'rapport-chat:' + base;
  var state = { token: null, handle: null, cursor: null, ids: {}, lastRead: null, open: false, unread: 0, widget: null };
  var stream = { controller: null, attempt: 0, timer: null, watchdog: null };
  var typingState = { lastSent: 0, stopTimer: null };
  var HEARTBEAT_GRACE_MS = 45000;

  function load() {
    try { return JSON.parse(localStorage.getItem(storageKey) || 'null'); } catch { return null; }
  }
  function save() {
    try { localStorage.setItem(storageKey, JSON.stringify({ token: state.token, handle: state.handle })); } catch { /* private mode: the chat lasts this page */ }
  }
  function randomId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  // ---- HTTP ----------------------------------------------------------------------------------
  function api(method, path, body, signal) {
    var headers = { accept: 'application/json' };
    if (state.token) headers.authorization = 'Bearer ' + state.token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(base + path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), signal: signal, credentials: 'omit' })
      .then(function (response) {
        return response.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch { data = null; }
          if (!response.ok) {
            var error = new Error((data && data.error) || 'The chat server answered ' + response.status + '.');
            error.status = response.status;
            error.code = data && data.code;
            error.retryAfter = Number(response.headers.get('retry-after')) || 0;
            throw error;
          }
          return data;
        });
      });
  }

  function startSession() {
    return api('POST', 'session').catch(function (error) {
      if (error.status !== 401 || !state.token) throw error;
      state.token = null; // expired: start over as a new visitor
      return api('POST', 'session');
    }).then(function (session) {
      state.token = session.token;
      if (state.handle !== session.handle) { state.handle = session.handle; }
      state.widget = session.widget;
      save();
    });
  }

  // ---- UI --------------------------------------------------------------------------------------
  var host = document.createElement('div');
  host.id = 'rapport-chat';
  var root = host.attachShadow({ mode: 'open' });
  root.innerHTML =
    '<style>' +
    ':host{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;font:15px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2933}' +
    '.launcher{width:56px;height:56px;border-radius:50%;border:0;background:#2457c5;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);font-size:24px;position:relative;display:grid;place-items:center}' +
    '.launcher:focus-visible,button:focus-visible,textarea:focus-visible{outline:3px solid #f5a623;outline-offset:2px}' +
    '.badge{position:absolute;top:-4px;right:-4px;background:#d0021b;color:#fff;border-radius:10px;font-size:12px;padding:1px 6px}' +
    '.panel{position:absolute;right:0;bottom:70px;width:min(360px,calc(100vw - 40px));height:min(520px,calc(100vh - 110px));background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}' +
    '.panel[hidden]{display:none}' +
    'header{background:#2457c5;color:#fff;padding:12px 14px;display:flex;align-items:center;justify-content:space-between}' +
    'h2{font-size:16px;margin:0}' +
    '.close{background:none;border:0;color:#fff;font-size:22px;cursor:pointer;line-height:1}' +
    '.list{flex:1;overflow-y:auto;padding:12px;display:flex;flex-direction:column;gap:8px;background:#f5f7fa}' +
    '.greeting,.msg{max-width:80%;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}' +
    '.greeting,.msg[data-direction=agent],.msg[data-direction=bot]{align-self:flex-start;background:#fff;border:1px solid #dde3ea}' +
    '.msg[data-direction=visitor]{align-self:flex-end;background:#2457c5;color:#fff}' +
    '.meta{display:block;font-size:11px;opacity:.75;margin-bottom:2px}' +
    '.msg.failed{background:#fbe9eb;color:#8a1020;border:1px solid #d0021b}' +
    '.typing{font-size:13px;color:#52606d;padding:0 14px 4px;min-height:18px}' +
    '.error{font-size:13px;color:#8a1020;padding:0 14px}' +
    'form{display:flex;border-top:1px solid #dde3ea}' +
    'textarea{flex:1;border:0;padding:10px 12px;font:inherit;resize:none;height:44px;box-sizing:border-box}' +
    '.send{border:0;background:#fff;color:#2457c5;font-weight:600;padding:0 14px;cursor:pointer}' +
    '.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}' +
    '</style>' +
    '<div class="panel" role="dialog" aria-modal="false" aria-labelledby="rc-title" hidden>' +
    '<header><h2 id="rc-title"></h2><button type="button" class="close" aria-label="Close chat">\u00d7</button></header>' +
    '<div class="list" role="log" aria-live="polite" aria-relevant="additions" aria-label="Messages"></div>' +
    '<div class="typing" role="status" aria-live="polite"></div>' +
    '<div class="error" role="alert"></div>' +
    '<form><label class="sr" for="rc-input">Your message</label>' +
    '<textarea id="rc-input" data-rapport-chat-input rows="1" placeholder="Write a message\u2026" autocomplete="off"></textarea>' +
    '<button type="submit" class="send">Send</button></form>' +
    '</div>' +
    '<button type="button" class="launcher" aria-label="Open chat" aria-expanded="false">' +
    // A drawn speech bubble: an emoji needs a font the visitor's system may not have.
    '<svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>' +
    '<span class="badge" hidden></span></button>';

  var panel = root.querySelector('.panel');
  var list = root.querySelector('.list');
  var input = root.querySelector('textarea');
  var form = root.querySelector('form');
  var launcher = root.querySelector('.launcher');
  var badge = root.querySelector('.badge');
  var typingLine = root.querySelector('.typing');
  var errorLine = root.querySelector('.error');
  var title = root.querySelector('h2');
  title.textContent = 'Chat';

  function showError(message) { errorLine.textContent = message || ''; }

  function renderGreeting() {
    if (list.querySelector('.greeting') || !state.widget || !state.widget.greeting) return;
    var greeting = document.createElement('div');
    greeting.className = 'greeting';
    greeting.textContent = state.widget.greeting;
    list.insertBefore(greeting, list.firstChild);
  }

  function label(message) {
    if (message.direction === 'bot') return message.botName || 'Bot';
    if (message.direction === 'agent') return message.channel !== 'chat' ? 'Support (by ' + message.channel + ')' : 'Support';
    return message.channel !== 'chat' ? 'You (by ' + message.channel + ')' : 'You';
  }

  function render(message) {
    if (message.cursor) state.cursor = message.cursor;
    var existing = state.ids[message.id];
    if (existing) { existing.classList.remove('failed'); return; }
    var element = document.createElement('div');
    element.className = 'msg';
    element.setAttribute('data-rapport-chat-message', '');
    element.setAttribute('data-direction', message.direction);
    element.setAttribute('data-message-id', message.id);
    element.setAttribute('data-channel', message.channel);
    var meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = label(message);
    element.appendChild(meta);
    element.appendChild(document.createTextNode(message.subject && message.channel !== 'chat' ? message.subject + '\n' + message.text : message.text));
    list.appendChild(element);
    state.ids[message.id] = element;
    list.scrollTop = list.scrollHeight;
    if (message.direction !== 'visitor') {
      typingLine.textContent = '';
      if (!state.open) { state.unread += 1; updateBadge(); }
    }
    reportRead();
  }

  function clearMessages() {
    list.textContent = '';
    state.ids = {};
    state.cursor = null;
    renderGreeting();
  }

  function updateBadge() {
    badge.hidden = state.unread === 0;
    badge.textContent = String(state.unread);
    launcher.setAttribute('aria-label', state.unread ? 'Open chat, ' + state.unread + ' new' : 'Open chat');
  }

  // ---- read receipts ---------------------------------------------------------------------------
  function reportRead() {
    if (!state.open || document.visibilityState !== 'visible' || !state.token) return;
    var seen = list.querySelectorAll('[data-direction=agent][data-channel=chat],[data-direction=bot][data-channel=chat]');
    var newest = seen[seen.length - 1];
    var id = newest && newest.getAttribute('data-message-id');
    if (!id || id === state.lastRead || id.indexOf('chat:') !== 0) return;
    state.lastRead = id;
    api('POST', 'read', { messageId: id }).catch(function () { state.lastRead = null; });
  }
  document.addEventListener('visibilitychange', reportRead);

  // ---- history and events ------------------------------------------------------------------------
  function fetchHistory() {
    return api('GET', 'messages' + (state.cursor ? '?after=' + encodeURIComponent(state.cursor) : '')).then(function (page) {
      page.messages.forEach(render);
      if (page.cursor) state.cursor = page.cursor;
    });
  }

  function connect() {
    clearTimeout(stream.timer);
    if (stream.controller) stream.controller.abort();
    var controller = new AbortController();
    stream.controller = controller;
    var url = base + 'events' + (state.cursor ? '?after=' + encodeURIComponent(state.cursor) : '');
    fetch(url, { headers: { authorization: 'Bearer ' + state.token, accept: 'text/event-stream' }, signal: controller.signal, credentials: 'omit', cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401) return startSession().then(function () { throw new Error('renewed'); });
        if (!response.ok || !response.body) throw new Error('events answered ' + response.status);
        stream.attempt = 0;
        showError('');
        return readEvents(response.body.getReader(), controller);
      })
      .then(function () { if (stream.controller === controller) reconnect(); })
      .catch(function () { if (stream.controller === controller) reconnect(); });
  }

  function readEvents(reader, controller) {
    var decoder = new TextDecoder();
    var buffer = '';
    function kick() {
      clearTimeout(stream.watchdog);
      // No heartbeat for this long: the connection is dead even if the socket says otherwise.
      stream.watchdog = setTimeout(function () { controller.abort(); }, HEARTBEAT_GRACE_MS);
    }
    kick();
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) return;
        kick();
        buffer += decoder.decode(chunk.value, { stream: true });
        var parts = buffer.split('\n\n');
        buffer = parts.pop();
        parts.forEach(dispatch);
        return pump();
      });
    }
    return pump().finally(function () { clearTimeout(stream.watchdog); });
  }

  function dispatch(block) {
    var event = 'message';
    var data = '';
    block.split('\n').forEach(function (line) {
      if (line.indexOf('event:') === 0) event = line.slice(6).trim();
      else if (line.indexOf('data:') === 0) data += line.slice(5).trim();
    });
    if (!data) return;
    var payload;
    try { payload = JSON.parse(data); } catch { return; }
    if (event === 'message') render(payload);
    else if (event === 'cursor') state.cursor = payload.cursor;
    else if (event === 'typing') typingLine.textContent = payload.typing ? 'Support is typing\u2026' : '';
  }

  function reconnect() {
    // Exponential backoff with full jitter, so a server restart is not met by every visitor at once.
    var delay = Math.min(30000, 500 * Math.pow(2, stream.attempt)) * (0.5 + Math.random() / 2);
    stream.attempt += 1;
    clearTimeout(stream.timer);
    stream.timer = setTimeout(connect, delay);
  }
  window.addEventListener('online', function () { stream.attempt = 0; connect(); });

  // ---- sending ---------------------------------------------------------------------------------
  function send(text) {
    var id = randomId();
    var key = 'chat:' + state.handle + '.' + id;
    render({ id: key, direction: 'visitor', channel: 'chat', text: text, occurredAt: new Date().toISOString() });
    sendTyping(false);
    return api('POST', 'messages', { id: id, text: text }).then(function () { showError(''); }, function (error) {
      var element = state.ids[key];
      if (element) element.classList.add('failed');
      showError(error.message);
    });
  }

  function sendTyping(typing) {
    clearTimeout(typingState.stopTimer);
    if (typing) {
      typingState.stopTimer = setTimeout(function () { sendTyping(false); }, 3000);
      if (Date.now() - typingState.lastSent < 2500) return;
      typingState.lastSent = Date.now();
    } else {
      if (!typingState.lastSent) return;
      typingState.lastSent = 0;
    }
    api('POST', 'typing', { typing: typing }).catch(function () { /* typing is best effort */ });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || !state.token) return;
    if (state.widget && text.length > state.widget.maxMessageLength) {
      showError('Your message is too long: at most ' + state.widget.maxMessageLength + ' characters.');
      return;
    }
    input.value = '';
    send(text);
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit();
      else form.dispatchEvent(new Event('submit', { cancelable: true }));
    }
  });
  input.addEventListener('input', function () { if (input.value) sendTyping(true); });

  // ---- open / close ----------------------------------------------------------------------------
  function open() {
    state.open = true;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    state.unread = 0;
    updateBadge();
    list.scrollTop = list.scrollHeight;
    input.focus();
    reportRead();
  }
  function close() {
    state.open = false;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }
  launcher.addEventListener('click', function () {
    if (state.open) close();
    else open();
  });
  root.querySelector('.close').addEventListener('click', close);
  panel.addEventListener('keydown', function (event) { if (event.key === 'Escape') close(); });

  function identify(token) {
    return ready.then(function () {
      return api('POST', 'identify', { token: token });
    }).then(function (result) {
      state.token = result.token;
      state.handle = result.handle;
      save();
      // The chat may now be joined to the customer's earlier conversation: show it whole.
      clearMessages();
      return fetchHistory().then(function () { connect(); return result.customer; });
    });
  }

  window.RapportChat = { identify: identify, open: open, close: close };

  var stored = load();
  if (stored) { state.token = stored.token; state.handle = stored.handle; }
  (document.body || document.documentElement).appendChild(host);

  var ready = startSession()
    .then(function () {
      title.textContent = state.widget.title;
      panel.setAttribute('aria-label', state.widget.title);
      renderGreeting();
      return fetchHistory();
    })
    .then(function () { connect(); }, function (error) {
      showError(error.message);
      reconnect();
    })
    .then(function () { window.dispatchEvent(new CustomEvent('rapport-chat:ready')); });
})();
