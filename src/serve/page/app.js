// rota-engage serve: the page's script. Talks only to this server. Each page load gets a
// workspace of its own on the server, deleted when the tab is closed or cleared.
"use strict";

const $ = (id) => document.getElementById(id);
let workspace = null;
let events = null;
let timer = null;
let maxUpload = Infinity;

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  if (cls) e.className = cls;
  return e;
}

function row(cells) {
  const tr = el("tr");
  for (const c of cells) tr.appendChild(el("td", c));
  return tr;
}

async function api(method, path, body, headers) {
  const res = await fetch(`/api/workspaces/${workspace}${path}`, { method, body, headers });
  let data = null;
  try { data = await res.json(); } catch (_) { data = null; }
  if (res.status === 404 && data && /workspace is gone/.test(data.error || "")) {
    await newWorkspace();
  }
  return { status: res.status, data };
}

async function newWorkspace() {
  const res = await fetch("/api/workspaces", { method: "POST" });
  const data = await res.json();
  workspace = data.id;
  maxUpload = data.max_upload;
}

async function start() {
  await newWorkspace();
  // Closing or leaving the tab deletes its files on the server.
  window.addEventListener("pagehide", () => {
    if (workspace) fetch(`/api/workspaces/${workspace}`, { method: "DELETE", keepalive: true });
  });
  addMeetingRow();
  $("add-meeting").addEventListener("click", () => addMeetingRow());
  $("upload").addEventListener("submit", (e) => { e.preventDefault(); readFiles(); });
  $("schedule").addEventListener("click", schedule);
  $("check").addEventListener("click", check);
  $("clear").addEventListener("click", clear);
  $("filter-doctor").addEventListener("change", filterFindings);
  $("filter-rule").addEventListener("change", filterFindings);
  wireSheet();
}

// --- the meetings table and the policy form, written as the contract's files -----------------

const MEETING_FIELDS = [
  ["meeting_id", "text", "teach"], ["title", "text", "Teaching"], ["duration_min", "number", "60"],
  ["cadence", "select", "weekly"], ["audience", "text", "resident"], ["department", "text", ""],
  ["weekdays", "text", "Mon-Fri"], ["earliest", "text", "12:00"], ["latest", "text", "17:00"],
  ["min_attendance", "text", ""], ["format", "select", "group"],
];
const CHOICES = {
  cadence: ["once", "weekly", "fortnightly", "every_4_weeks", "monthly"],
  format: ["group", "individual"],
};

function addMeetingRow() {
  const tr = el("tr");
  for (const [name, kind, value] of MEETING_FIELDS) {
    const td = el("td");
    let input;
    if (kind === "select") {
      input = el("select");
      for (const c of CHOICES[name]) input.appendChild(el("option", c));
      input.value = value;
    } else {
      input = el("input");
      input.type = kind;
      input.value = value;
    }
    input.dataset.field = name;
    input.setAttribute("aria-label", name);
    td.appendChild(input);
    tr.appendChild(td);
  }
  const del = el("button", "remove");
  del.type = "button";
  del.addEventListener("click", () => tr.remove());
  const td = el("td");
  td.appendChild(del);
  tr.appendChild(td);
  $("meetings-table").querySelector("tbody").appendChild(tr);
}

function csvField(v) {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function meetingsCsv() {
  const rows = [...$("meetings-table").querySelectorAll("tbody tr")];
  const lines = [MEETING_FIELDS.map((f) => f[0]).join(",")];
  for (const tr of rows) {
    const values = [...tr.querySelectorAll("[data-field]")].map((i) => csvField(i.value.trim()));
    if (values.every((v) => v === "" || v === "group")) continue;
    lines.push(values.join(","));
  }
  return lines.length > 1 ? lines.join("\n") + "\n" : null;
}

function policyToml() {
  const n = (id) => Number($(id).value);
  return [
    "[protected_time]",
    `resident = { hours = ${n("p-res-hours")}, per_weeks = ${n("p-res-weeks")} }`,
    `sas = { hours = ${n("p-sas-hours")}, per_weeks = ${n("p-sas-weeks")} }`,
    "",
    "[placement]",
    `max_minutes_per_shift = ${n("p-max-min")}`,
    `rest_after_night_hours = ${n("p-rest")}`,
    "",
    "[cover]",
    `min_fraction = ${n("p-cover-frac")}`,
    `min_count = ${n("p-cover-min")}`,
    "",
  ].join("\n");
}

// --- 1 and 2: upload and read-back ------------------------------------------------------------

function showProblems(box, diagnostics) {
  box.replaceChildren();
  if (!diagnostics || diagnostics.length === 0) return;
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  box.appendChild(el("p", `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`, errors ? "bad" : "warn"));
  const t = el("table");
  t.className = "problems";
  const head = el("tr");
  for (const h of ["", "file", "line", "column", "what was found"]) head.appendChild(el("th", h));
  t.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const d of diagnostics) {
    const tr = row([d.severity, d.file, d.line ?? "", d.column ?? "", d.message]);
    tr.className = d.severity;
    body.appendChild(tr);
  }
  t.appendChild(body);
  box.appendChild(t);
}

async function readFiles() {
  const form = new FormData($("upload"));
  if (!$("meetings").files.length) {
    const csv = meetingsCsv();
    if (csv) form.set("meetings", new File([csv], "meetings.csv", { type: "text/csv" }));
  }
  if (!$("policy").files.length && $("policy-use").checked) {
    form.set("policy", new File([policyToml()], "policy.toml", { type: "text/plain" }));
  }
  let size = 0;
  for (const [, v] of form.entries()) if (v instanceof File) size += v.size;
  if (size > maxUpload) {
    $("upload-status").textContent = `the files are larger than the ${Math.ceil(maxUpload / 1048576)} MB this server takes at once (start it with --max-upload-mb to take more)`;
    $("upload-status").className = "bad";
    return;
  }
  $("upload-status").textContent = "reading…";
  $("read").disabled = true;
  let res;
  try {
    res = await api("POST", "/inputs", form);
  } finally {
    $("read").disabled = false;
  }
  view.sheet = null;
  view.from = 1;
  undoStack.length = 0;
  await showRead(res);
}

// How the files were read (an upload, or a corrected layout): the read-back or every problem,
// then the sheet as read.
async function showRead(res) {
  $("result").hidden = true;
  $("check-box").hidden = true;
  $("schedule-errors").replaceChildren();
  const d = res.data || {};
  if (res.status !== 200 && !("diagnostics" in d)) {
    $("upload-status").textContent = d.error || `the server answered ${res.status}`;
    $("upload-status").className = "bad";
    $("readback").hidden = true;
    $("schedule-box").hidden = true;
    return;
  }
  $("readback").hidden = false;
  showProblems($("problems"), d.diagnostics);
  if (!d.ok) {
    $("upload-status").textContent = `not read: ${d.errors} error${d.errors === 1 ? "" : "s"} (below); nothing was scheduled`;
    $("upload-status").className = "bad";
    $("readback-summary").textContent = "";
    $("legend-box").hidden = true;
    $("doctors-box").hidden = true;
    $("import-box").hidden = true;
    $("schedule-box").hidden = true;
    await loadSheet();
    return;
  }
  $("upload-status").textContent = "read";
  $("upload-status").className = "good";
  $("readback-summary").textContent = d.text;
  $("legend-box").hidden = d.legend.length === 0;
  $("legend-title").textContent = `Shift labels as read (${d.legend.length})`;
  const legend = $("legend").querySelector("tbody");
  legend.replaceChildren(...d.legend.map((l) => row([l.label, l.count, l.times, l.kind, l.source])));
  $("doctors-box").hidden = false;
  $("doctors-title").textContent = `Doctors (${d.doctors.length}), ${d.first} to ${d.last} (${d.days} days, ${d.timezone})`;
  const docs = $("doctors").querySelector("tbody");
  docs.replaceChildren(...d.doctors.map((x) => row([x.id, x.name, x.grade, x.group, x.department, x.fte])));
  $("import-box").hidden = !d.import;
  $("import-text").textContent = d.import || "";
  const names = $("sheet-names");
  names.replaceChildren(...d.sheets.map((s) => { const o = el("option"); o.value = s[0]; o.label = s[1]; return o; }));
  $("schedule-box").hidden = false;
  await loadSheet();
}

// --- the sheet as read, and correcting it by selecting cells ---------------------------------

const ROLES = [
  ["names", "names"], ["grades", "grades"], ["dates", "dates"], ["grid", "a shift or absence"],
  ["legend", "legend"], ["cohort", "a later cohort's names"], ["note", "a remark, kept as a note"],
  ["unknown", "a label with no times (an error)"], ["unread", "beside the grid, not read"],
  ["skipped", "not part of the rota"],
];
const ROWS = 200;
const view = { sheet: null, readSheets: [], from: 1, height: 0, layout: {}, sel: null, anchor: null };
const undoStack = [];

function colName(c) {
  let s = "";
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function a1(r, c) { return `${colName(c)}${r + 1}`; }

function parseA1(t) {
  const m = /^\s*([A-Za-z]{1,3})(\d+)\s*$/.exec(t);
  if (!m) return null;
  let c = 0;
  for (const ch of m[1].toUpperCase()) c = c * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]) - 1, c - 1];
}

function parseRange(t) {
  const [a, b] = t.split(":");
  const p = parseA1(a);
  const q = b === undefined ? p : parseA1(b);
  if (!p || !q || p[0] < 0 || q[0] < 0) return null;
  return { r0: Math.min(p[0], q[0]), c0: Math.min(p[1], q[1]), r1: Math.max(p[0], q[0]), c1: Math.max(p[1], q[1]) };
}

function rangeText(s) {
  const a = a1(s.r0, s.c0), b = a1(s.r1, s.c1);
  return a === b ? a : `${a}:${b}`;
}

async function loadSheet() {
  const q = new URLSearchParams({ rows: `${view.from}-${view.from + ROWS - 1}` });
  if (view.sheet !== null) q.set("name", view.sheet);
  const res = await api("GET", `/sheet?${q}`);
  const d = res.data || {};
  if (res.status !== 200) {
    $("sheet-box").hidden = true;
    return;
  }
  const failed = (d.diagnostics || []).some((x) => x.severity === "error");
  $("sheet-box").hidden = d.read_sheets.length === 0 && !failed;
  view.sheet = d.sheet;
  view.readSheets = d.read_sheets;
  view.height = d.height;
  view.layout = d.layout.parsed || {};
  const pick = $("view-sheet");
  pick.replaceChildren(...d.sheets.map((s) => {
    const o = el("option", s.name + (s.hidden ? " (hidden)" : "") + (d.read_sheets.includes(s.name) ? " (read)" : ""));
    o.value = s.name;
    return o;
  }));
  pick.value = d.sheet;
  pick.parentElement.hidden = d.sheets.length < 2;
  $("view-rows").textContent = d.height ? `rows ${d.from} to ${d.to} of ${d.height}` : "an empty sheet";
  $("rows-up").disabled = d.from <= 1;
  $("rows-down").disabled = d.to >= d.height;
  drawKey();
  drawSheet(d);
  drawUnknown(d.unknown, d.kinds);
  showLayout(d.layout.text);
  chooseIn($("year"), view.layout.year ? String(view.layout.year) : "");
  chooseIn($("layout-grade"), view.layout.grade || "");
  $("set-sheet").hidden = d.sheets.length < 2 || d.read_sheets.includes(d.sheet);
}

// Shows a value in a select, adding it where the list lacks it (a layout file's own).
function chooseIn(select, value) {
  if (value && ![...select.options].some((o) => o.value === value)) select.appendChild(el("option", value));
  select.value = value;
}

function drawKey() {
  $("key").replaceChildren(...ROLES.map(([role, what]) => {
    const li = el("li");
    li.appendChild(el("span", "", `swatch role-${role}`));
    li.appendChild(document.createTextNode(what));
    return li;
  }));
}

function drawSheet(d) {
  const t = $("sheet-grid");
  const head = el("tr");
  head.appendChild(el("th", "", "rn"));
  for (let c = 0; c < d.width; c++) head.appendChild(el("th", colName(c)));
  const rows = new Map();
  for (const x of d.cells) {
    if (!rows.has(x.r)) rows.set(x.r, []);
    rows.get(x.r).push(x);
  }
  const body = el("tbody");
  for (let r = d.from - 1; r < d.to; r++) {
    const tr = el("tr");
    tr.appendChild(el("th", r + 1, "rn"));
    const cells = new Map((rows.get(r) || []).map((x) => [x.c, x]));
    for (let c = 0; c < d.width; c++) {
      const x = cells.get(c);
      const td = el("td", x ? x.text : "");
      td.dataset.r = r;
      td.dataset.c = c;
      if (x && x.role) td.classList.add(`role-${x.role}`);
      td.title = `${a1(r, c)}${x && x.text ? `: ${x.text}` : ""}\n${x && x.read ? x.read : x && x.text ? "not read (outside the grid)" : "empty"}`;
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  const thead = el("thead");
  thead.appendChild(head);
  t.replaceChildren(thead, body);
  showSelection();
}

function cellOf(e) {
  const td = e.target.closest("td");
  return td && td.dataset.r !== undefined ? [Number(td.dataset.r), Number(td.dataset.c)] : null;
}

function select(from, to) {
  view.sel = { r0: Math.min(from[0], to[0]), c0: Math.min(from[1], to[1]), r1: Math.max(from[0], to[0]), c1: Math.max(from[1], to[1]) };
  showSelection();
}

function showSelection() {
  const s = view.sel;
  for (const td of $("sheet-grid").querySelectorAll("td")) {
    const r = Number(td.dataset.r), c = Number(td.dataset.c);
    td.classList.toggle("sel", !!s && r >= s.r0 && r <= s.r1 && c >= s.c0 && c <= s.c1);
  }
  $("selection").value = s ? rangeText(s) : "";
  $("selection-text").textContent = s ? `${(s.r1 - s.r0 + 1) * (s.c1 - s.c0 + 1)} cells selected` : "no cells selected";
  for (const b of document.querySelectorAll("[data-set]")) b.disabled = !s;
}

function wireSheet() {
  const t = $("sheet-grid");
  let dragging = false;
  t.addEventListener("mousedown", (e) => {
    const at = cellOf(e);
    if (!at) return;
    e.preventDefault();
    if (e.shiftKey && view.anchor) { select(view.anchor, at); return; }
    view.anchor = at;
    dragging = true;
    select(at, at);
  });
  t.addEventListener("mouseover", (e) => {
    const at = cellOf(e);
    if (dragging && at) select(view.anchor, at);
  });
  window.addEventListener("mouseup", () => { dragging = false; });
  $("selection").addEventListener("change", () => {
    const s = parseRange($("selection").value);
    if (s) { view.sel = s; view.anchor = [s.r0, s.c0]; }
    showSelection();
  });
  for (const b of document.querySelectorAll("[data-set]")) {
    b.addEventListener("click", () => setRange(b.dataset.set));
  }
  const now = new Date().getFullYear();
  for (let y = now + 1; y >= now - 12; y--) $("year").appendChild(el("option", y));
  $("year").addEventListener("change", () => {
    const y = Number($("year").value);
    correct((l) => { if (y) l.year = y; else delete l.year; });
  });
  $("layout-grade").addEventListener("change", () => {
    const g = $("layout-grade").value;
    correct((l) => { if (g) l.grade = g; else delete l.grade; });
  });
  $("set-sheet").addEventListener("click", () => correct((l) => { l.sheet = view.sheet; }));
  $("use-labels").addEventListener("click", useLabels);
  $("undo-layout").addEventListener("click", () => {
    if (undoStack.length) putLayout(undoStack.pop());
  });
  $("reset-layout").addEventListener("click", () => correct((l) => { for (const k of Object.keys(l)) delete l[k]; }));
  $("view-sheet").addEventListener("change", () => { view.sheet = $("view-sheet").value; view.from = 1; view.sel = null; loadSheet(); });
  $("rows-up").addEventListener("click", () => { view.from = Math.max(1, view.from - ROWS); loadSheet(); });
  $("rows-down").addEventListener("click", () => { view.from += ROWS; loadSheet(); });
}

// A correction: the layout as it is, changed, read again.
function correct(change) {
  const before = toToml(view.layout);
  const next = JSON.parse(JSON.stringify(view.layout));
  change(next);
  undoStack.push(before);
  return putLayout(toToml(next));
}

function setRange(what) {
  const s = view.sel;
  if (!s) return;
  const text = rangeText(s);
  correct((l) => {
    // A correction on a sheet that was not read says that it is the rota (one of several
    // read as one rota keeps them all).
    if ($("view-sheet").options.length > 1 && !view.readSheets.includes(view.sheet)) l.sheet = view.sheet;
    if (what === "cohorts" || what === "skip") {
      const list = Array.isArray(l[what]) ? l[what] : l[what] ? [l[what]] : [];
      if (!list.includes(text)) list.push(text);
      l[what] = list;
    } else {
      l[what] = text;
    }
  });
}

async function putLayout(text) {
  $("upload-status").textContent = "reading again…";
  const res = await api("PUT", "/layout", text, { "Content-Type": "text/plain; charset=utf-8" });
  await showRead(res);
}

function drawUnknown(unknown, known) {
  $("unknown-box").hidden = unknown.length === 0;
  const kinds = ["", ...known];
  $("unknown").querySelector("tbody").replaceChildren(...unknown.map((u) => {
    const tr = row([u.label, u.count, u.first]);
    tr.dataset.label = u.label;
    for (const f of ["start", "end"]) {
      const td = el("td");
      const i = el("input");
      i.type = "text";
      i.placeholder = "HH:MM";
      i.dataset.field = f;
      i.setAttribute("aria-label", `${f} of ${u.label}`);
      td.appendChild(i);
      tr.appendChild(td);
    }
    const td = el("td");
    const k = el("select");
    for (const x of kinds) k.appendChild(el("option", x));
    k.value = u.kind || "";
    k.dataset.field = "kind";
    k.setAttribute("aria-label", `kind of ${u.label}`);
    td.appendChild(k);
    tr.appendChild(td);
    return tr;
  }));
}

function useLabels() {
  const rows = [...$("unknown").querySelectorAll("tbody tr")];
  correct((l) => {
    l.labels = l.labels || {};
    for (const tr of rows) {
      const spec = {};
      for (const f of tr.querySelectorAll("[data-field]")) if (f.value.trim()) spec[f.dataset.field] = f.value.trim();
      if (Object.keys(spec).length) l.labels[tr.dataset.label] = spec;
    }
  });
}

function showLayout(text) {
  $("layout-text").textContent = text;
  $("layout-download").href = `/api/workspaces/${workspace}/layout`;
  $("layout-download").hidden = !text;
}

// The layout file as TOML: keys first, then each table; values as TOML writes them.
function tomlKey(k) { return /^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k); }

function tomlValue(v) {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map(tomlValue).join(", ")}]`;
  return `{ ${Object.entries(v).map(([k, x]) => `${tomlKey(k)} = ${tomlValue(x)}`).join(", ")} }`;
}

function toToml(obj) {
  const isTable = (v) => v && typeof v === "object" && !Array.isArray(v);
  const lines = Object.entries(obj).filter(([, v]) => !isTable(v)).map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`);
  for (const [k, t] of Object.entries(obj).filter(([, v]) => isTable(v))) {
    if (Object.keys(t).length === 0) continue;
    lines.push("", `[${tomlKey(k)}]`);
    for (const [kk, vv] of Object.entries(t)) lines.push(`${tomlKey(kk)} = ${tomlValue(vv)}`);
  }
  return lines.length ? lines.join("\n") + "\n" : "";
}

// --- 3: schedule, with progress -------------------------------------------------------------

function figure(label, value, note) {
  const div = el("div", null, "figure");
  div.appendChild(el("span", value, "value"));
  div.appendChild(el("span", label, "label"));
  if (note) div.appendChild(el("span", note, "note"));
  return div;
}

function showDone(job) {
  const s = job.summary;
  const headline = $("headline");
  headline.replaceChildren(
    figure("resident and SAS doctor-windows at target", `${s.doctor_windows_at_target} of ${s.doctor_windows}`),
    figure("doctors at target in every window", `${s.doctors_at_target} of ${s.doctors_with_target}`),
    figure("meetings placed", `${s.occurrences_placed - s.individual_slots_placed} of ${s.occurrences - s.individual_slots}`),
    figure("protected hours given", s.protected_hours.toFixed(1)),
    figure("solver", s.status.replace("_", " "), `gap ${(s.gap * 100).toFixed(2)}%, ${s.solve_seconds.toFixed(1)} s`),
  );
  headline.querySelectorAll(".value").forEach((v, i) => { v.id = ["fig-windows", "fig-doctors", "fig-meetings", "fig-hours", "fig-status"][i]; });
  $("summary-text").textContent = job.text;
  const list = $("downloads");
  list.replaceChildren(...job.files.map((f) => {
    const li = el("li");
    const a = el("a", f);
    a.href = `/api/workspaces/${workspace}/files/${f}?download`;
    li.appendChild(a);
    return li;
  }));
  $("zip").href = `/api/workspaces/${workspace}/outputs.zip`;
  $("report").src = `/api/workspaces/${workspace}/files/report.html`;
  $("result").hidden = false;
  showChanges(job);
  showProblems($("schedule-errors"), job.warnings.filter((w) => w.severity === "error"));
}

// A re-plan shows what it changes first: changes.csv as a table, and the updates to send.
async function showChanges(job) {
  $("changes-box").hidden = !job.replan;
  if (!job.replan) return;
  const res = await fetch(`/api/workspaces/${workspace}/files/changes.csv?download`);
  const lines = (await res.text()).split(/\r?\n/).filter((l) => l);
  const cells = lines.map(parseCsvLine);
  const head = el("tr");
  for (const h of cells[0] || []) head.appendChild(el("th", h));
  $("changes").querySelector("thead").replaceChildren(head);
  $("changes").querySelector("tbody").replaceChildren(...cells.slice(1).map(row));
  $("changes-summary").textContent = `${Math.max(0, cells.length - 1)} change${cells.length === 2 ? "" : "s"} against the previous run`;
  const ups = job.files.filter((f) => f.startsWith("updates/"));
  $("updates").replaceChildren(...(ups.length ? ups : ["none"]).map((f) => {
    if (f === "none") return el("span", "none");
    const a = el("a", f.slice(8));
    a.href = `/api/workspaces/${workspace}/files/${f}?download`;
    a.className = "update";
    return a;
  }));
}

function parseCsvLine(line) {
  const out = [];
  let cur = "", quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') quoted = false; else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { out.push(cur); cur = ""; } else cur += ch;
  }
  out.push(cur);
  return out;
}

function stopProgress() {
  if (events) { events.close(); events = null; }
  if (timer) { clearInterval(timer); timer = null; }
  $("progress").hidden = true;
  $("schedule").disabled = false;
  $("read").disabled = false;
}

async function schedule() {
  $("schedule-errors").replaceChildren();
  $("result").hidden = true;
  const time_limit = Number($("time-limit").value);
  const frozen_until = $("frozen-until").value || null;
  const organizer = $("organizer").value.trim() || null;
  const res = await api("POST", "/schedule", JSON.stringify({ time_limit, frozen_until, organizer }), { "Content-Type": "application/json" });
  if (res.status !== 202) {
    $("schedule-errors").appendChild(el("p", (res.data && res.data.error) || `the server answered ${res.status}`, "bad"));
    return;
  }
  $("schedule").disabled = true;
  $("read").disabled = true;
  $("progress").hidden = false;
  $("progress-text").textContent = "starting";
  const began = Date.now();
  timer = setInterval(() => { $("progress-time").textContent = `(${Math.round((Date.now() - began) / 1000)} s)`; }, 500);
  events = new EventSource(`/api/workspaces/${workspace}/events`);
  events.addEventListener("running", (e) => { $("progress-text").textContent = JSON.parse(e.data).message; });
  events.addEventListener("done", (e) => { stopProgress(); showDone(JSON.parse(e.data)); });
  events.addEventListener("failed", (e) => {
    stopProgress();
    const box = $("schedule-errors");
    box.replaceChildren(el("p", "No schedule; nothing was written:", "bad"));
    const pre = el("pre", JSON.parse(e.data).errors.join("\n"));
    box.appendChild(pre);
  });
  events.onerror = () => {
    if (events && events.readyState === EventSource.CLOSED) {
      stopProgress();
      $("schedule-errors").appendChild(el("p", "lost touch with the server (was it stopped?)", "bad"));
    }
  };
}

// --- check ----------------------------------------------------------------------------------

let findings = [];

function filterFindings() {
  const doctor = $("filter-doctor").value;
  const rule = $("filter-rule").value;
  const shown = findings.filter((f) => (!doctor || f.doctor_id === doctor) && (!rule || f.rule === rule));
  $("findings").querySelector("tbody").replaceChildren(...shown.map((f) => {
    const tr = row([f.doctor_id ?? "", f.name ?? "", f.rule, f.severity, f.start ?? "", f.end ?? "", f.detail]);
    tr.className = f.severity;
    return tr;
  }));
  $("check-count").textContent = `${shown.length} of ${findings.length} findings shown`;
}

function options(select, values) {
  const keep = select.value;
  select.replaceChildren(el("option", "all"));
  select.firstChild.value = "";
  for (const v of values) select.appendChild(el("option", v));
  select.value = values.includes(keep) ? keep : "";
}

async function check() {
  const res = await api("POST", "/check");
  const d = res.data || {};
  $("check-box").hidden = false;
  if (res.status !== 200) {
    $("check-summary").textContent = d.error || "the files could not be read (see above)";
    $("check-summary").className = "summary bad";
    findings = [];
    filterFindings();
    return;
  }
  findings = d.findings;
  const errors = findings.filter((f) => f.severity === "error").length;
  $("check-summary").textContent = d.compliant
    ? `compliant: ${d.doctors_checked} doctors checked, ${findings.length} findings (none breaks a rule)`
    : `not compliant: ${errors} breaches of the rules over ${d.doctors_checked} doctors checked`;
  $("check-summary").className = d.compliant ? "summary good" : "summary bad";
  options($("filter-doctor"), [...new Set(findings.map((f) => f.doctor_id).filter((x) => x))].sort());
  options($("filter-rule"), [...new Set(findings.map((f) => f.rule))].sort());
  filterFindings();
}

async function clear() {
  stopProgress();
  await fetch(`/api/workspaces/${workspace}`, { method: "DELETE" });
  $("upload").reset();
  for (const id of ["readback", "sheet-box", "schedule-box", "check-box", "result"]) $(id).hidden = true;
  $("upload-status").textContent = "";
  await newWorkspace();
  $("clear-status").textContent = "this tab's files were deleted from the server";
}

start();
