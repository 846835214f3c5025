// The offline visit form: households and questionnaire kept in IndexedDB, visits queued there and sent
// when the network returns, each with an id made here so that sending twice stores once.
(function () {
  "use strict";
  var root = document.getElementById("visit-app");
  if (!root) { return; }
  var T = JSON.parse(document.getElementById("visit-text").textContent);
  var urls = {
    data: root.dataset.dataUrl, sync: root.dataset.syncUrl, token: root.dataset.tokenUrl,
    sw: root.dataset.swUrl, scope: root.dataset.scope, logout: root.dataset.logoutUrl
  };
  var me = root.dataset.user;
  var DB_NAME = "gongjian-visits";
  var db = null;
  var state = { data: null, done: {}, outbox: [] };
  var current = null;
  var syncing = false;
  var el = function (id) { return document.getElementById(id); };

  // --- IndexedDB, in a few promises ---
  function openDb() {
    return new Promise(function (resolve, reject) {
      var req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = function () {
        req.result.createObjectStore("kv");
        req.result.createObjectStore("outbox", { keyPath: "id" });
      };
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }
  function run(store, mode, action) {
    return new Promise(function (resolve, reject) {
      var t = db.transaction(store, mode);
      var req = action(t.objectStore(store));
      t.oncomplete = function () { resolve(req ? req.result : undefined); };
      t.onerror = function () { reject(t.error); };
      t.onabort = function () { reject(t.error); };
    });
  }
  var kvGet = function (key) { return run("kv", "readonly", function (s) { return s.get(key); }); };
  var kvPut = function (key, value) { return run("kv", "readwrite", function (s) { return s.put(value, key); }); };
  var outboxAll = function () { return run("outbox", "readonly", function (s) { return s.getAll(); }); };
  var outboxPut = function (rec) { return run("outbox", "readwrite", function (s) { return s.put(rec); }); };
  var outboxDelete = function (id) { return run("outbox", "readwrite", function (s) { return s.delete(id); }); };

  function wipe() {
    // What the phone keeps goes at logout: the database, the cached page and the service worker.
    var steps = [];
    if (db) { db.close(); db = null; }
    steps.push(new Promise(function (resolve) {
      var req = indexedDB.deleteDatabase(DB_NAME);
      req.onsuccess = req.onerror = req.onblocked = function () { resolve(); };
    }));
    if (window.caches) {
      steps.push(caches.keys().then(function (keys) {
        return Promise.all(keys.map(function (k) { return caches.delete(k); }));
      }));
    }
    if (navigator.serviceWorker) {
      steps.push(navigator.serviceWorker.getRegistrations().then(function (regs) {
        return Promise.all(regs.map(function (r) { return r.unregister(); }));
      }));
    }
    return Promise.all(steps).catch(function () { return null; });
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // --- drawing ---
  function say(text) { el("visit-message").textContent = text || ""; }
  // Not at home or refused: the household stays on the list for another try (the campaign sets how many).
  var RETRY = { absent: true, refused: true };
  function pendingKeys() {
    var keys = {};
    state.outbox.forEach(function (rec) { if (!RETRY[rec.outcome]) { keys[rec.task] = true; } });
    return keys;
  }
  function drawStatus() {
    el("visit-network").textContent = navigator.onLine ? T.online : T.offline;
    el("visit-waiting").textContent = String(state.outbox.length);
    root.dataset.waiting = String(state.outbox.length);
  }
  function drawList() {
    var list = el("visit-tasks");
    list.textContent = "";
    var hidden = pendingKeys();
    var tasks = (state.data && state.data.tasks) || [];
    var shown = tasks.filter(function (t) { return !hidden[t.key] && !state.done[t.key]; });
    shown.forEach(function (task) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary visit-task";
      button.dataset.key = task.key;
      var door = document.createElement("span");
      door.className = "fw-bold";
      door.textContent = task.door;
      var name = document.createElement("span");
      name.textContent = " " + task.name;
      button.appendChild(door);
      button.appendChild(name);
      var note = document.createElement("span");
      note.className = "d-block small";
      if (task.pairing) {
        note.textContent = T.due.replace("%(day)s", task.due);
      } else {
        var campaign = state.data.campaigns[String(task.campaign)];
        var local = triesHere(task.key);
        var tries = task.tries + local.length;
        var last = local.length ? local[local.length - 1].outcome : task.status;
        var tried = T.tries.replace("%(n)s", tries).replace("%(outcome)s", T.outcomes[last] || "");
        note.textContent = (campaign ? campaign.title : "") + (tries ? " · " + tried : "");
      }
      button.appendChild(note);
      button.addEventListener("click", function () { openForm(task); });
      li.appendChild(button);
      list.appendChild(li);
    });
    el("visit-empty").hidden = shown.length > 0;
  }
  function triesHere(key) {
    return state.outbox.filter(function (rec) { return rec.task === key && RETRY[rec.outcome]; })
      .sort(function (a, b) { return a.visited_at < b.visited_at ? -1 : 1; });
  }

  function questionField(q) {
    var box = document.createElement("fieldset");
    box.className = "mb-3";
    var legend = document.createElement("legend");
    legend.className = "h6";
    legend.textContent = q.text;
    box.appendChild(legend);
    var name = "q" + q.id;
    if (q.kind === "text") {
      var label = document.createElement("label");
      label.className = "visually-hidden";
      label.htmlFor = "answer-" + q.id;
      label.textContent = q.text;
      var area = document.createElement("textarea");
      area.className = "form-control";
      area.id = "answer-" + q.id;
      area.name = name;
      area.rows = 2;
      area.maxLength = 500;
      box.appendChild(label);
      box.appendChild(area);
      return box;
    }
    q.choices.forEach(function (choice, i) {
      var wrap = document.createElement("div");
      wrap.className = "form-check";
      var input = document.createElement("input");
      input.className = "form-check-input";
      input.type = "radio";
      input.name = name;
      input.value = choice[0];
      input.id = "answer-" + q.id + "-" + i;
      var label = document.createElement("label");
      label.className = "form-check-label";
      label.htmlFor = input.id;
      label.textContent = choice[1];
      wrap.appendChild(input);
      wrap.appendChild(label);
      box.appendChild(wrap);
    });
    return box;
  }

  function openForm(task) {
    current = task;
    var form = el("visit-form");
    form.reset();
    el("visit-form-title").textContent = task.door + " " + task.name;
    var questions = el("visit-questions");
    questions.textContent = "";
    var campaign = task.campaign ? state.data.campaigns[String(task.campaign)] : null;
    el("visit-form-campaign").textContent = campaign ? campaign.title : T.care;
    (campaign ? campaign.questions : []).forEach(function (q) { questions.appendChild(questionField(q)); });
    el("visit-list-section").hidden = true;
    form.hidden = false;
    el("visit-form-title").setAttribute("tabindex", "-1");
    el("visit-form-title").focus();
  }
  function closeForm() {
    current = null;
    el("visit-form").hidden = true;
    el("visit-list-section").hidden = false;
    drawList();
  }

  function answersOf(form) {
    var answers = {};
    var campaign = current.campaign ? state.data.campaigns[String(current.campaign)] : null;
    (campaign ? campaign.questions : []).forEach(function (q) {
      var field = form.elements["q" + q.id];
      var value = field ? (field.value || "") : "";
      if (value.trim()) { answers[String(q.id)] = value.trim(); }
    });
    return answers;
  }

  function save(event) {
    event.preventDefault();
    var form = el("visit-form");
    var outcome = form.elements.outcome.value;
    if (!outcome) { say(T.chooseOutcome); return; }
    var photo = el("visit-photo").files[0] || null;
    var rec = {
      id: newId(),
      task: current.key,
      household: current.household,
      campaign: current.campaign || "",
      pairing: current.pairing || "",
      outcome: outcome,
      answers: JSON.stringify(outcome === "visited" ? answersOf(form) : {}),
      concerns: el("visit-concerns").value.trim(),
      visited_at: new Date().toISOString(),
      photo: photo,
      photoName: photo ? photo.name : ""
    };
    outboxPut(rec).then(function () {
      state.outbox.push(rec);
      if (!RETRY[outcome]) { state.done[rec.task] = true; }
      return kvPut("done", state.done);
    }).then(function () {
      closeForm();
      drawStatus();
      say(T.saved);
      sync();
    });
  }

  // --- sending ---
  function freshToken() {
    return fetch(urls.token, { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      if (!resp.ok || resp.redirected || (resp.headers.get("Content-Type") || "").indexOf("json") < 0) {
        throw new Error("login");
      }
      return resp.json();
    }).then(function (body) { return body.token; });
  }
  function send(rec, token) {
    var body = new FormData();
    ["id", "household", "campaign", "pairing", "outcome", "answers", "concerns", "visited_at"].forEach(function (k) {
      body.append(k, rec[k] === undefined || rec[k] === null ? "" : String(rec[k]));
    });
    if (rec.photo) { body.append("photo", rec.photo, rec.photoName || "photo.jpg"); }
    return fetch(urls.sync, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": token }
    });
  }
  function sync() {
    if (syncing || !state.outbox.length || !navigator.onLine) { drawStatus(); return Promise.resolve(); }
    syncing = true;
    var queue = state.outbox.slice().sort(function (a, b) { return a.visited_at < b.visited_at ? -1 : 1; });
    var sentAny = false;
    var step = function () {
      var rec = queue.shift();
      if (!rec) { return Promise.resolve(); }
      return freshToken().then(function (token) { return send(rec, token); }).then(function (resp) {
        if (resp.ok) {
          sentAny = true;
          return outboxDelete(rec.id).then(function () {
            state.outbox = state.outbox.filter(function (r) { return r.id !== rec.id; });
            drawStatus();
            return step();
          });
        }
        if (resp.status >= 400 && resp.status < 500) {
          return resp.json().catch(function () { return {}; }).then(function (body) {
            say(T.refused + " " + (body.error || resp.status));
            return step();
          });
        }
        throw new Error("server");
      });
    };
    return step().then(function () {
      if (!state.outbox.length) { say(T.sent); }
      if (sentAny) { return refresh(); }
      return null;
    }).catch(function (error) {
      say(error && error.message === "login" ? T.loginAgain : T.sendFailed);
    }).then(function () {
      syncing = false;
      drawStatus();
    });
  }

  function refresh() {
    if (!navigator.onLine) { return Promise.resolve(); }
    return fetch(urls.data, { credentials: "same-origin", cache: "no-store" }).then(function (resp) {
      if (!resp.ok || (resp.headers.get("Content-Type") || "").indexOf("json") < 0) { return null; }
      return resp.json().then(function (data) {
        state.data = data;
        state.done = {};
        return kvPut("data", data).then(function () { return kvPut("done", {}); });
      });
    }).catch(function () { return null; }).then(function () { drawList(); });
  }

  function installable() {
    if (!("serviceWorker" in navigator)) {
      el("visit-no-sw").hidden = false;
      return Promise.resolve(false);
    }
    // A browser may hold registration back without refusing it: after a while the page says it works online only.
    var late = new Promise(function (resolve, reject) { window.setTimeout(reject, 10000); });
    return Promise.race([navigator.serviceWorker.register(urls.sw, { scope: urls.scope }).then(function () {
      return navigator.serviceWorker.ready;
    }), late]).then(function () { return true; }).catch(function () {
      el("visit-no-sw").hidden = false;
      return false;
    });
  }

  function guardLogout() {
    document.querySelectorAll("form[action='" + urls.logout + "']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.wiped) { return; }
        event.preventDefault();
        if (state.outbox.length && !window.confirm(T.unsentLogout)) { return; }
        wipe().then(function () { form.dataset.wiped = "1"; form.submit(); });
      });
    });
  }

  function start() {
    guardLogout();
    el("visit-form").addEventListener("submit", save);
    el("visit-cancel").addEventListener("click", closeForm);
    el("visit-send").addEventListener("click", function () { sync(); });
    window.addEventListener("online", function () { drawStatus(); sync(); });
    window.addEventListener("offline", drawStatus);
    window.setInterval(sync, 30000);
    openDb().then(function (opened) {
      db = opened;
      return Promise.all([kvGet("data"), kvGet("done"), outboxAll()]);
    }).then(function (stored) {
      if (stored[0] && String(stored[0].user) !== me) {
        // Someone else used this phone before: their copy is not ours to show.
        return wipe().then(openDb).then(function (opened) { db = opened; });
      }
      state.data = stored[0] || null;
      state.done = stored[1] || {};
      state.outbox = stored[2] || [];
      return null;
    }).then(function () {
      drawStatus();
      drawList();
      return sync();
    }).then(refresh).then(installable).then(function (ok) {
      root.dataset.ready = ok ? "offline" : "online-only";
    });
  }

  start();
})();
