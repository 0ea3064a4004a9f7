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
  showProblems($("schedule-errors"), job.warnings.filter((w) => w.severity === "error"));
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
  const res = await api("POST", "/schedule", JSON.stringify({ time_limit }), { "Content-Type": "application/json" });
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
  for (const id of ["readback", "schedule-box", "check-box", "result"]) $(id).hidden = true;
  $("upload-status").textContent = "";
  await newWorkspace();
  $("clear-status").textContent = "this tab's files were deleted from the server";
}

start();
